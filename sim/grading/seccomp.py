"""A seccomp filter for sandboxed notebooks, assembled here as classic BPF.

Student code has no use for new namespaces, mounts, tracing other
processes, the kernel keyring, eBPF or io_uring, and those are the doors
most kernel privilege escalations from inside a sandbox go through (a new
user namespace hands its creator every capability inside it). The filter
makes them fail with ``EPERM``:

* ``unshare``, ``setns`` and ``clone`` with any namespace flag; ``clone3``
  fails with ``ENOSYS`` (its flags sit in memory a filter cannot read, and
  the C library then falls back to ``clone``);
* ``mount``, ``umount2``, ``pivot_root``, ``chroot`` and the new mount API;
* ``ptrace``, ``process_vm_readv/writev``, ``kcmp``, ``pidfd_getfd``;
* ``keyctl``, ``add_key``, ``request_key``; ``bpf``, ``perf_event_open``,
  ``userfaultfd``, ``io_uring_*``; module loading, ``kexec``, ``reboot``,
  swap, clock setting, ``acct``, ``quotactl``, ``syslog`` and friends.

Any other architecture than the one the filter was built for (e.g. the
x32 ABI, or 32-bit calls on x86-64) is refused too. The filter is a plain
byte string (``struct sock_filter`` array) that the runner installs with
``prctl(PR_SET_SECCOMP)`` right before the first cell runs, after
``PR_SET_NO_NEW_PRIVS``; it cannot be removed afterwards, and children
inherit it. No library is needed, so the same filter works with and
without bubblewrap.
"""

from __future__ import annotations

import platform
import struct

_LD_W_ABS = 0x20
_JEQ = 0x15
_JGE = 0x35
_JSET = 0x45
_RET = 0x06

RET_ALLOW = 0x7FFF0000
RET_KILL_PROCESS = 0x80000000
RET_ERRNO = 0x00050000
EPERM = 1
ENOSYS = 38

#: Namespace flags of clone(2): NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET.
CLONE_NAMESPACE_FLAGS = 0x7E020000

_DENIED = (
    "unshare", "setns", "mount", "umount2", "pivot_root", "chroot", "open_tree",
    "move_mount", "fsopen", "fsconfig", "fsmount", "fspick", "mount_setattr",
    "ptrace", "process_vm_readv", "process_vm_writev", "kcmp", "pidfd_getfd",
    "keyctl", "add_key", "request_key", "bpf", "perf_event_open", "userfaultfd",
    "io_uring_setup", "io_uring_enter", "io_uring_register",
    "init_module", "finit_module", "delete_module", "kexec_load", "kexec_file_load",
    "reboot", "swapon", "swapoff", "acct", "quotactl", "lookup_dcookie", "syslog",
    "vhangup", "settimeofday", "clock_settime", "clock_adjtime", "adjtimex",
    "open_by_handle_at", "name_to_handle_at", "fanotify_init", "iopl", "ioperm", "uselib",
)

# Syscall numbers (from the kernel's unistd headers).
_X86_64 = {
    "mount": 165, "umount2": 166, "pivot_root": 155, "unshare": 272, "setns": 308,
    "ptrace": 101, "process_vm_readv": 310, "process_vm_writev": 311, "keyctl": 250,
    "add_key": 248, "request_key": 249, "bpf": 321, "perf_event_open": 298,
    "userfaultfd": 323, "kexec_load": 246, "kexec_file_load": 320, "init_module": 175,
    "finit_module": 313, "delete_module": 176, "open_by_handle_at": 304,
    "name_to_handle_at": 303, "acct": 163, "swapon": 167, "swapoff": 168, "reboot": 169,
    "chroot": 161, "quotactl": 179, "lookup_dcookie": 212, "io_uring_setup": 425,
    "io_uring_enter": 426, "io_uring_register": 427, "open_tree": 428, "move_mount": 429,
    "fsopen": 430, "fsconfig": 431, "fsmount": 432, "fspick": 433, "mount_setattr": 442,
    "clone": 56, "clone3": 435, "syslog": 103, "vhangup": 153, "settimeofday": 164,
    "clock_settime": 227, "clock_adjtime": 305, "adjtimex": 159, "pidfd_getfd": 438,
    "fanotify_init": 300, "iopl": 172, "ioperm": 173, "kcmp": 312, "uselib": 134,
}
_AARCH64 = {
    "mount": 40, "umount2": 39, "pivot_root": 41, "unshare": 97, "setns": 268,
    "ptrace": 117, "process_vm_readv": 270, "process_vm_writev": 271, "keyctl": 219,
    "add_key": 217, "request_key": 218, "bpf": 280, "perf_event_open": 241,
    "userfaultfd": 282, "kexec_load": 104, "kexec_file_load": 294, "init_module": 105,
    "finit_module": 273, "delete_module": 106, "open_by_handle_at": 265,
    "name_to_handle_at": 264, "acct": 89, "swapon": 224, "swapoff": 225, "reboot": 142,
    "chroot": 51, "quotactl": 60, "lookup_dcookie": 18, "io_uring_setup": 425,
    "io_uring_enter": 426, "io_uring_register": 427, "open_tree": 428, "move_mount": 429,
    "fsopen": 430, "fsconfig": 431, "fsmount": 432, "fspick": 433, "mount_setattr": 442,
    "clone": 220, "clone3": 435, "syslog": 116, "vhangup": 58, "settimeofday": 170,
    "clock_settime": 112, "clock_adjtime": 266, "adjtimex": 171, "pidfd_getfd": 438,
    "fanotify_init": 262, "kcmp": 272,
}
#: machine name -> (AUDIT_ARCH value, syscall table, first number of a foreign ABI or None)
ARCHES = {
    "x86_64": (0xC000003E, _X86_64, 0x40000000),
    "aarch64": (0xC00000B7, _AARCH64, None),
}


def supported(machine: str | None = None) -> bool:
    """Whether a filter can be built for this machine's architecture."""
    return (machine or platform.machine()) in ARCHES


def _insn(code: int, jt: int, jf: int, k: int) -> bytes:
    return struct.pack("=HBBI", code, jt, jf, k)


def build_filter(machine: str | None = None) -> bytes:
    """The filter program for ``machine`` (default: this one) as raw BPF bytes.

    Raises:
        ValueError: for an architecture without a syscall table here.
    """
    machine = machine or platform.machine()
    if machine not in ARCHES:
        raise ValueError(f"no seccomp filter for architecture {machine!r}; "
                         f"supported: {', '.join(sorted(ARCHES))}")
    arch, table, foreign = ARCHES[machine]
    # Instructions as (code, jump-true label, jump-false label, k); labels are
    # resolved to relative offsets once the layout is known.
    prog: list[tuple[int, str | int, str | int, int]] = [
        (_LD_W_ABS, 0, 0, 4),                      # seccomp_data.arch
        (_JEQ, 0, "kill", arch),
        (_LD_W_ABS, 0, 0, 0),                      # seccomp_data.nr
    ]
    if foreign is not None:
        prog.append((_JGE, "eperm", 0, foreign))
    prog.append((_JEQ, "clone", 0, table["clone"]))
    prog.append((_JEQ, "enosys", 0, table["clone3"]))
    for name in _DENIED:
        if name in table:
            prog.append((_JEQ, "eperm", 0, table[name]))
    labels: dict[str, int] = {}
    tail = [
        ("allow", (_RET, 0, 0, RET_ALLOW)),
        ("eperm", (_RET, 0, 0, RET_ERRNO | EPERM)),
        ("enosys", (_RET, 0, 0, RET_ERRNO | ENOSYS)),
        ("kill", (_RET, 0, 0, RET_KILL_PROCESS)),
        ("clone", (_LD_W_ABS, 0, 0, 16)),          # low half of args[0] (flags)
        (None, (_JSET, 1, 0, CLONE_NAMESPACE_FLAGS)),
        (None, (_RET, 0, 0, RET_ALLOW)),
        (None, (_RET, 0, 0, RET_ERRNO | EPERM)),
    ]
    for label, insn in tail:
        if label:
            labels[label] = len(prog)
        prog.append(insn)
    out = b""
    for index, (code, jt, jf, k) in enumerate(prog):
        def offset(target: str | int, index: int = index) -> int:
            if isinstance(target, int):
                return target
            delta = labels[target] - index - 1
            if not 0 <= delta <= 255:
                raise ValueError("seccomp jump out of range")
            return delta
        out += _insn(code, offset(jt), offset(jf), k)
    return out
