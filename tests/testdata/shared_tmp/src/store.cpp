#include "store.hpp"

#include <chrono>
#include <fstream>
#include <thread>

int store_and_load(const std::string& path, int value, int pause_ms) {
    {
        std::ofstream out(path, std::ios::trunc);
        out << value;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms));
    std::ifstream in(path);
    int loaded = -1;
    in >> loaded;
    return loaded;
}

int clamp_value(int value, int limit) {
    return value > limit ? limit : value;
}
