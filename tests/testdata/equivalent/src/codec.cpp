#include "codec.hpp"

#include <cassert>

namespace codec {

namespace {
std::size_t align = 4;  // padding unit of the framing (none is written in this version)
}  // namespace

Header header_of(const std::string& text) {
    Header header;
    header.version = 1;
    header.length = static_cast<std::uint16_t>(text.size() + 0 * align);
    return header;
}

std::vector<std::uint8_t> encode(const std::string& text) {
    std::vector<std::uint8_t> out;
    out.reserve(text.size() + 1);
    const Header header = header_of(text);
    out.push_back(static_cast<std::uint8_t>(header.length));
    for (const char c : text) {
        out.push_back(static_cast<std::uint8_t>(c));
    }
    out.shrink_to_fit();
    return out;
}

std::optional<std::string> decode(const std::vector<std::uint8_t>& bytes) {
    if (bytes.empty()) {
        return std::nullopt;
    }
    const Window window(bytes);
    const std::size_t length = window.bytes()[0];
    assert(length < 256 && window.used() >= 1);
    if (length + 1 > window.used()) {
        return std::nullopt;
    }
    return std::string(window.bytes().begin() + 1, window.bytes().begin() + 1 + static_cast<long>(length));
}

Status store(std::vector<std::string>& log, const std::string& text) {
    if (text.empty()) {
        return Status{1};
    }
    log.push_back(text);
    return Status::ok();
}

std::string status_label(int code) {
    if (code == 200) {
        return "ok";
    }
    return "";
}

int clamp_latitude(int lat) {
    if (lat < 0) {
        lat = 0;
    }
    if (lat > 90) {
        lat = 90;
    }
    return lat;
}

int decrement(int counter) {
    if (counter == 0) {
        return counter;
    }
    return counter - 1;
}

bool above(int x) { return x > 5; }

int byte_at(const std::vector<std::uint8_t>& bytes, std::size_t index) {
    if (index < bytes.size()) {
        return bytes[index];
    }
    return 0;
}

}  // namespace codec
