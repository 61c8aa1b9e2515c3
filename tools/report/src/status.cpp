#include "mlab/report/status.hpp"

#include <array>
#include <utility>

namespace mlab {
namespace {

constexpr std::array<std::pair<MutantStatus, std::string_view>, 8> kNames{{
    {MutantStatus::Killed, "Killed"},
    {MutantStatus::Survived, "Survived"},
    {MutantStatus::NoCoverage, "NoCoverage"},
    {MutantStatus::CompileError, "CompileError"},
    {MutantStatus::RuntimeError, "RuntimeError"},
    {MutantStatus::Timeout, "Timeout"},
    {MutantStatus::Ignored, "Ignored"},
    {MutantStatus::Pending, "Pending"},
}};

}  // namespace

std::string_view status_name(MutantStatus status) {
    for (const auto& [value, name] : kNames) {
        if (value == status) {
            return name;
        }
    }
    return "Pending";
}

std::optional<MutantStatus> parse_status(std::string_view name) {
    for (const auto& [value, known] : kNames) {
        if (known == name) {
            return value;
        }
    }
    return std::nullopt;
}

void ScoreCounts::add(MutantStatus status, std::string_view reason) {
    switch (status) {
        case MutantStatus::Killed:
            ++killed;
            break;
        case MutantStatus::Survived:
            ++survived;
            break;
        case MutantStatus::NoCoverage:
            ++no_coverage;
            break;
        case MutantStatus::CompileError:
            ++compile_error;
            break;
        case MutantStatus::RuntimeError:
            ++runtime_error;
            break;
        case MutantStatus::Timeout:
            ++timeout;
            break;
        case MutantStatus::Ignored:
            ++ignored;
            equivalent += reason == kEquivalentReason ? 1 : 0;
            duplicate += reason.rfind(kDuplicateReason, 0) == 0 ? 1 : 0;
            break;
        case MutantStatus::Pending:
            ++pending;
            break;
    }
}

std::size_t ScoreCounts::total() const {
    return killed + survived + no_coverage + compile_error + runtime_error + timeout + ignored + pending;
}

double ScoreCounts::score() const {
    return valid() == 0 ? 0.0 : 100.0 * static_cast<double>(detected()) / static_cast<double>(valid());
}

}  // namespace mlab
