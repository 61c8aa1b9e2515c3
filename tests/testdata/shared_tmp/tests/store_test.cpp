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
    // The undeclared pair waits longest, so the two overlap however loaded the machine is.
    const int loaded = store_and_load(path, clamp_value(value, 100), where == "undeclared" ? 800 : 200);
    if (loaded != value) {
        std::printf("FAILED: stored %d in %s, read back %d\n", value, path.c_str(), loaded);
        return 1;
    }
    return 0;
}
