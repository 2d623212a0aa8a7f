#!/bin/sh
# hello-arch: says which CPU it runs on, the way pytime says the time.
echo "hello-arch: $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(uname -m)"
