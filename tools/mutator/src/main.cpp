// mutator: finds mutation sites in a CMake project and turns them into bug variants and mutation scores.

#include <iostream>

#include <CLI/CLI.hpp>

int main(int argc, char** argv) {
    CLI::App app{"mutator: mutation testing for C++ projects built with CMake"};
    app.set_version_flag("--version", MLAB_VERSION);
    try {
        app.parse(argc, argv);
    } catch (const CLI::Success& done) {
        return app.exit(done);
    } catch (const CLI::ParseError& error) {
        std::cerr << "mutator: " << error.what() << "\n";
        return 2;
    }
    std::cout << app.help();
    return 0;
}
