// store_test WHERE VALUE: stores VALUE in one file and checks it reads the same back.
//   tmpdir:     $TMPDIR/store.txt (what most suites use)
//   fixed:      /tmp/mlab-shared-tmp-store-<uid>.txt (a fixed path: only a lock keeps tests apart)
//   undeclared: /tmp/mlab-shared-tmp-undeclared-<uid>.txt (the same, with no lock declared)
#include <cstdio>
#include <cstdlib>
#include <string>

#include <unistd.h>

#include "store.hpp"

int main(int argc, char** argv) {
    if (argc != 3) {
        return 2;
    }
    const std::string where = argv[1];
    const int value = std::atoi(argv[2]);
    const char* tmp = std::getenv("TMPDIR");
    const std::string uid = std::to_string(getuid());
    const std::string path = where == "tmpdir" ? std::string(tmp != nullptr ? tmp : "/tmp") + "/store.txt"
                             : where == "fixed" ? "/tmp/mlab-shared-tmp-store-" + uid + ".txt"
                                                : "/tmp/mlab-shared-tmp-undeclared-" + uid + ".txt";
    if (where == "undeclared") {
        // Run side by side, the two meet here first (each waits up to 1 s for the other), so they overlap
        // however loaded the machine is; run alone, one waits the second and goes on.
        const std::string mine = path + ".started." + std::to_string(value);
        if (std::FILE* mark = std::fopen(mine.c_str(), "w")) {
            std::fclose(mark);
        }
        const std::string other = path + ".started." + std::to_string(value == 8 ? 9 : 8);
        for (int i = 0; i < 100 && access(other.c_str(), F_OK) != 0; ++i) {
            usleep(10000);
        }
        const int loaded = store_and_load(path, clamp_value(value, 100), 300);
        usleep(100000);  // the other one has read too before the marks go
        std::remove(mine.c_str());
        if (loaded != value) {
            std::printf("FAILED: stored %d in %s, read back %d\n", value, path.c_str(), loaded);
            return 1;
        }
        return 0;
    }
    const int loaded = store_and_load(path, clamp_value(value, 100), 200);
    if (loaded != value) {
        std::printf("FAILED: stored %d in %s, read back %d\n", value, path.c_str(), loaded);
        return 1;
    }
    return 0;
}
