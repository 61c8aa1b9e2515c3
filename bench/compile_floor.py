#!/usr/bin/env python3
"""Prints, one per line, the `clang++-16 -fsyntax-only` command of every translation unit in a build's
compile_commands.json: the floor a source-level tool that parses them all is measured against."""
import json
import shlex
import sys

for entry in json.load(open(sys.argv[1] + "/compile_commands.json")):
    args = entry["arguments"] if "arguments" in entry else shlex.split(entry["command"])
    kept, skip = [], False
    for arg in args[1:]:
        if skip:
            skip = False
        elif arg in ("-o", "-MF", "-MT", "-MQ"):
            skip = True
        elif arg not in ("-c", "-MD", "-MMD"):
            kept.append(arg)
    print("cd %s && clang++-16 -fsyntax-only -w %s" % (shlex.quote(entry["directory"]), " ".join(map(shlex.quote, kept))))
