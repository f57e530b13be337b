# The programs a lab puts on the image: NAME.c sources (built by whoever runs the tests) and
# ready binaries (<ARCH>/_NAME, _NAME, NAME), by the name they get on the image; its headers.
import os


def is_elf(path):
    try:
        with open(path, "rb") as f:
            return f.read(4) == b"\x7fELF"
    except OSError:
        return False


def lab_programs(lab, arch):
    """{name on the image: (kind, path)}, kind "source" or "binary"; a source wins over a
    binary, and files under lab/<arch>/ over the lab's own. The lab's headers, which its
    sources include, come as {"NAME.h": ("header", path)}."""
    found = {}
    for d in (lab, os.path.join(lab, arch)):
        if not os.path.isdir(d):
            continue
        for f in sorted(os.listdir(d)):
            path = os.path.join(d, f)
            if not os.path.isfile(path):
                continue
            if f.endswith(".c"):
                found[f[:-2]] = ("source", path)
            elif f.endswith(".h"):
                found[f] = ("header", path)
            elif "." not in f and is_elf(path):
                name = f[1:] if f.startswith("_") else f
                if found.get(name, ("binary",))[0] == "binary":
                    found[name] = ("binary", path)
    return found
