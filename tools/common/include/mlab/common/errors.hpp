#pragma once
// The error a command reports as bad input: one line naming the file or value, exit code 2.

#include <stdexcept>

namespace mlab {

/// Bad input from the user (a missing file, a malformed value, an unknown name). The message is the whole
/// line shown to the user and names what is wrong.
class InputError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

}  // namespace mlab
