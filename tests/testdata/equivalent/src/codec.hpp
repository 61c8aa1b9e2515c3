#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace codec {

// A frame header. Every use sets both fields.
struct Header {
    std::uint8_t version = 0;
    std::uint16_t length = 0;
};

// What an operation says; the default is success.
struct Status {
    int code;
    static Status ok() { return Status{0}; }
    bool is_ok() const { return code == 0; }
};

// The bytes of a message, with its length in front.
class Window {
  public:
    explicit Window(std::vector<std::uint8_t> bytes) : bytes_(std::move(bytes)), used_(bytes_.size()) {}
    ~Window() { clear(); }
    Window(const Window&) = delete;
    Window& operator=(const Window&) = delete;

    void clear() {
        bytes_.clear();
        used_ = 0;
    }
    std::size_t used() const { return used_; }
    const std::vector<std::uint8_t>& bytes() const { return bytes_; }

  private:
    std::vector<std::uint8_t> bytes_;
    std::size_t used_;
};

Header header_of(const std::string& text);
Status store(std::vector<std::string>& log, const std::string& text);
std::vector<std::uint8_t> encode(const std::string& text);
std::optional<std::string> decode(const std::vector<std::uint8_t>& bytes);
std::string status_label(int code);
int clamp_latitude(int lat);
int decrement(int counter);
bool above(int x);
int byte_at(const std::vector<std::uint8_t>& bytes, std::size_t index);

}  // namespace codec
