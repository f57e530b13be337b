#!/usr/bin/env python3
"""Test-only: writes a disk image laid out the way the labs' own mkfs lays one out, so the
tests can boot moo on it without xv6's code. Our own writer of the published layout
(../shared/XV6-INTEROP.md): RISC-V (1024-byte blocks, the magic) or x86 (512-byte blocks, no
magic); a log of 30 blocks at block 2; then the inodes (ninodes / per-block + 1 blocks), the
bitmap (size / bits-per-block + 1 blocks) and the data; the root is inode 1 with "." and "..",
its size rounded up to a whole block; each file goes in / with a leading "_" dropped (and, for
RISC-V, a leading "user/"); blocks are handed out in order and the bitmap marks every block
used, metadata included.

Usage: xv6layout.py riscv|x86 SIZE NINODES IMAGE FILE...
"""
import os
import struct
import sys

RISCV_MAGIC = 0x10203040
NLOG = 30
NDIRECT = 12
T_DIR, T_FILE = 1, 2
DIRSIZ = 14


class Image:
    def __init__(self, arch, size, ninodes):
        self.bsize = 1024 if arch == "riscv" else 512
        self.arch = arch
        self.size = size
        self.ninodes = ninodes
        per_block = self.bsize // 64
        nbitmap = size // (self.bsize * 8) + 1
        ninodeblocks = ninodes // per_block + 1
        self.logstart = 2
        self.inodestart = 2 + NLOG
        self.bmapstart = 2 + NLOG + ninodeblocks
        nmeta = 2 + NLOG + ninodeblocks + nbitmap
        self.nblocks = size - nmeta
        self.data = bytearray(size * self.bsize)
        self.next_block = nmeta
        self.next_inode = 1
        words = [size, self.nblocks, ninodes, NLOG, self.logstart, self.inodestart,
                 self.bmapstart]
        if arch == "riscv":
            words = [RISCV_MAGIC] + words
        self.put(1, 0, struct.pack("<%dI" % len(words), *words))

    def put(self, block, off, raw):
        at = block * self.bsize + off
        self.data[at:at + len(raw)] = raw

    def get(self, block, off, n):
        at = block * self.bsize + off
        return bytes(self.data[at:at + n])

    def inode_at(self, inum):
        return self.inodestart + inum // (self.bsize // 64), (inum % (self.bsize // 64)) * 64

    def read_inode(self, inum):
        b, off = self.inode_at(inum)
        f = struct.unpack("<4hI13I", self.get(b, off, 64))
        return list(f)

    def write_inode(self, inum, f):
        b, off = self.inode_at(inum)
        self.put(b, off, struct.pack("<4hI13I", *f))

    def new_inode(self, kind):
        inum = self.next_inode
        self.next_inode += 1
        self.write_inode(inum, [kind, 0, 0, 1, 0] + [0] * 13)
        return inum

    def new_block(self):
        if self.next_block >= self.size:
            sys.exit("xv6layout: image full")
        self.next_block += 1
        return self.next_block - 1

    def block_of(self, f, bn):
        """The disk block of file block bn of inode fields f, allocated when missing."""
        if bn < NDIRECT:
            if f[5 + bn] == 0:
                f[5 + bn] = self.new_block()
            return f[5 + bn]
        if bn - NDIRECT >= self.bsize // 4:
            sys.exit("xv6layout: file too big")
        if f[5 + NDIRECT] == 0:
            f[5 + NDIRECT] = self.new_block()
        slot = (bn - NDIRECT) * 4
        entry = struct.unpack("<I", self.get(f[5 + NDIRECT], slot, 4))[0]
        if entry == 0:
            entry = self.new_block()
            self.put(f[5 + NDIRECT], slot, struct.pack("<I", entry))
        return entry

    def append(self, inum, raw):
        f = self.read_inode(inum)
        pos = 0
        while pos < len(raw):
            off = f[4]
            n = min(len(raw) - pos, self.bsize - off % self.bsize)
            self.put(self.block_of(f, off // self.bsize), off % self.bsize, raw[pos:pos + n])
            f[4] += n
            pos += n
        self.write_inode(inum, f)

    def add_entry(self, dirino, name, inum):
        raw = name.encode()
        self.append(dirino, struct.pack("<H", inum) + raw + bytes(DIRSIZ - len(raw)))

    def finish(self):
        f = self.read_inode(1)
        f[4] = (f[4] // self.bsize + 1) * self.bsize  # the root's size, up to a whole block
        self.block_of(f, f[4] // self.bsize - 1)
        self.write_inode(1, f)
        for b in range(self.next_block):
            bit = b % (self.bsize * 8)
            at = self.bmapstart * self.bsize + bit // 8
            self.data[at] |= 1 << (bit % 8)


def image_name(arch, path):
    name = path
    if arch == "riscv" and name.startswith("user/"):
        name = name[len("user/"):]
    name = os.path.basename(name)
    return name[1:] if name.startswith("_") else name


def main(argv):
    if len(argv) < 5 or argv[1] not in ("riscv", "x86"):
        sys.exit(__doc__.strip().splitlines()[-1])
    arch, size, ninodes, out = argv[1], int(argv[2]), int(argv[3]), argv[4]
    img = Image(arch, size, ninodes)
    root = img.new_inode(T_DIR)
    img.add_entry(root, ".", root)
    img.add_entry(root, "..", root)
    for path in argv[5:]:
        name = image_name(arch, path)
        if len(name) > DIRSIZ:
            sys.exit(f"xv6layout: {name}: name too long")
        inum = img.new_inode(T_FILE)
        img.add_entry(root, name, inum)
        with open(path, "rb") as f:
            img.append(inum, f.read())
    img.finish()
    with open(out, "wb") as f:
        f.write(img.data)


if __name__ == "__main__":
    main(sys.argv)
