#include "mlab/common/errors.hpp"

#include <filesystem>
#include <new>
#include <string>

#include <nlohmann/json.hpp>

namespace mlab {
namespace {

// One line: a message that spans lines keeps its first.
std::string first_line(std::string_view text) {
    const auto end = text.find('\n');
    return std::string(end == std::string_view::npos ? text : text.substr(0, end));
}

}  // namespace

int report_failure(std::string_view tool, const std::exception_ptr& error, std::ostream& out) {
    std::string message;
    try {
        std::rethrow_exception(error);
    } catch (const Interrupted&) {
        out << tool << ": interrupted\n";
        return kExitInterrupted;
    } catch (const nlohmann::json::exception& failure) {
        // A value of a JSON input the checks let through: still one line, still exit 2.
        message = std::string("unexpected value in a JSON input: ") + failure.what();
    } catch (const std::filesystem::filesystem_error& failure) {
        message = failure.what();
    } catch (const std::bad_alloc&) {
        message = "out of memory";
    } catch (const std::exception& failure) {
        message = failure.what();
    } catch (...) {
        message = "an unexpected error";
    }
    out << tool << ": " << first_line(message) << "\n";
    return kExitInputError;
}

}  // namespace mlab
