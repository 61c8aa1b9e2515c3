// curator: asks an LLM for GoogleTest tests, proves each one, and records the student's review of it.

#include <iostream>

#include <CLI/CLI.hpp>

int main(int argc, char** argv) {
    CLI::App app{"curator: AI-written tests, proven and reviewed"};
    app.set_version_flag("--version", MLAB_VERSION);
    try {
        app.parse(argc, argv);
    } catch (const CLI::Success& done) {
        return app.exit(done);
    } catch (const CLI::ParseError& error) {
        std::cerr << "curator: " << error.what() << "\n";
        return 2;
    }
    std::cout << app.help();
    return 0;
}
