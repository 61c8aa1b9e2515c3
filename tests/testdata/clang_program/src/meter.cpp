#include "meter.hpp"

namespace {
constexpr int kFlagFall = 300;
constexpr int kPerKilometre = 150;
constexpr int kCap = 5000;
}  // namespace

int fare_cents(int metres) {
    if (metres <= 0) {
        return 0;
    }
    const int kilometres = (metres + 999) / 1000;
    const int fare = kFlagFall + kilometres * kPerKilometre;
    if (fare > kCap) {
        return kCap;
    }
    return fare;
}
