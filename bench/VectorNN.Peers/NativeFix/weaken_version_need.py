#!/usr/bin/env python3
"""Marks version requirements of an ELF64 shared library as weak (VER_FLG_WEAK), in place.

Why: TorchSharp 0.107's libLibTorchSharp.so was linked with GCC 13 and lists GLIBCXX_3.4.32 among the versions it
needs from libstdc++.so.6. Debian 12's libstdc++ stops at GLIBCXX_3.4.30, so the dynamic loader refuses the library
("version `GLIBCXX_3.4.32' not found"). The only symbol of that version is std::ios_base_library_init(), which GCC 13
references from every file that includes <iostream> to pull in the stream initialisation; the library has no
relocation against it, so it is never looked up or called. A weak version requirement that is missing is not an error
for glibc's loader (dl-version.c), so setting VER_FLG_WEAK (0x2) on that one entry of .gnu.version_r lets the library
load, and changes nothing on systems whose libstdc++ has the version.

Usage: weaken_version_need.py LIBRARY VERSION [VERSION...]
Edits LIBRARY by writing a new file and renaming it over the old one, so a hard link (e.g. into the NuGet cache) is
never modified. Idempotent; prints what it changed. Exits 0 if every named version is now weak or absent, 1 on a
file that is not a little-endian ELF64 with a version-needs section.
"""

import os
import struct
import sys
import tempfile

SHT_GNU_VERNEED = 0x6FFFFFFE
VER_FLG_WEAK = 0x2


def weaken(data: bytearray, versions: set[str]) -> list[str]:
    """Sets VER_FLG_WEAK on every vernaux entry named in versions; returns the names of entries it changed."""
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        raise ValueError("not a little-endian ELF64 file")
    (shoff,) = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)

    def section(index: int) -> tuple[int, int, int, int]:
        # Elf64_Shdr: name, type, flags, addr, offset, size, link, info, ...
        _, sh_type, _, _, offset, size, link, info = struct.unpack_from("<IIQQQQII", data, shoff + index * shentsize)
        return sh_type, offset, link, info

    verneed = next((i for i in range(shnum) if section(i)[0] == SHT_GNU_VERNEED), None)
    if verneed is None:
        raise ValueError("no .gnu.version_r (version needs) section")
    _, offset, strtab_index, count = section(verneed)
    _, strtab, _, _ = section(strtab_index)

    def name_at(string_offset: int) -> str:
        start = strtab + string_offset
        return data[start:data.index(0, start)].decode("ascii")

    changed = []
    need = offset
    for _ in range(count):
        # Elf64_Verneed: vn_version u16, vn_cnt u16, vn_file u32, vn_aux u32, vn_next u32
        _, aux_count, _, aux_offset, next_offset = struct.unpack_from("<HHIII", data, need)
        aux = need + aux_offset
        for _ in range(aux_count):
            # Elf64_Vernaux: vna_hash u32, vna_flags u16, vna_other u16, vna_name u32, vna_next u32
            _, flags, _, name_offset, aux_next = struct.unpack_from("<IHHII", data, aux)
            name = name_at(name_offset)
            if name in versions and not flags & VER_FLG_WEAK:
                struct.pack_into("<H", data, aux + 4, flags | VER_FLG_WEAK)
                changed.append(name)
            aux += aux_next
        if next_offset == 0:
            break
        need += next_offset
    return changed


def main(argv: list[str]) -> int:
    if len(argv) < 3:
        print("usage: weaken_version_need.py LIBRARY VERSION [VERSION...]", file=sys.stderr)
        return 2
    path, versions = argv[1], set(argv[2:])
    with open(path, "rb") as f:
        data = bytearray(f.read())
    try:
        changed = weaken(data, versions)
    except (ValueError, struct.error) as e:
        print(f"{path}: {e}", file=sys.stderr)
        return 1
    if not changed:
        print(f"{path}: already weak or not needed: {', '.join(sorted(versions))}")
        return 0
    mode = os.stat(path).st_mode
    directory = os.path.dirname(os.path.abspath(path))
    with tempfile.NamedTemporaryFile(dir=directory, delete=False) as f:
        f.write(data)
        temporary = f.name
    os.chmod(temporary, mode)
    os.replace(temporary, path)
    print(f"{path}: marked weak: {', '.join(changed)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
