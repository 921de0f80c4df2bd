using static GuiVirt.GuiDaemon.Sandbox.Seccomp.ArgumentTest;

namespace GuiVirt.GuiDaemon.Sandbox.Seccomp;

/// <summary>
/// The system calls a qube may not make: one table, read top to bottom. Everything not listed is
/// allowed (a deny list, as Flatpak's: desktop apps use a great many calls). The rows come from
/// Flatpak's filter (flatpak-run.c, setup_seccomp) and Docker's default profile (the calls Docker
/// allows only with a capability a qube never has), with the reason for each.
///
/// A refused call fails with an errno and does nothing. EPERM is the kernel's own "not allowed";
/// ENOSYS ("this kernel has no such call") is used where the caller then falls back to an older
/// call that this table can check: clone3 to clone, openat2 to openat, the new mount API to mount,
/// io_uring to ordinary reads and writes. The filter is compiled for the native architecture only:
/// a call through another ABI (i386's int 0x80, x32 numbers) kills the process (see
/// <see cref="FilterCompiler"/>), so no call can slip past under a number this table does not name.
///
/// Argument values are the Linux ABI shared by x86-64 and AArch64 (the two architectures the
/// compiler accepts); argument indexes count from 0.
/// </summary>
internal static partial class SyscallFilter
{
    private const ulong CloneNewNamespace = 0x00020000; // CLONE_NEWNS
    private const ulong CloneNewCgroup = 0x02000000;
    private const ulong CloneNewUts = 0x04000000;
    private const ulong CloneNewIpc = 0x08000000;
    private const ulong CloneNewUser = 0x10000000;
    private const ulong CloneNewPid = 0x20000000;
    private const ulong CloneNewNet = 0x40000000;
    private const uint Tiocsti = 0x5412;
    private const uint Tioclinux = 0x541c;
    private const ulong PerLinux = 0;
    private const ulong SetUserId = 0x800; // S_ISUID, 04000
    private const ulong SetGroupId = 0x400; // S_ISGID, 02000
    private const ulong OpenCreate = 0x40; // O_CREAT, 0100
    private const ulong OpenTemporary = 0x400000; // __O_TMPFILE, 020000000 (O_TMPFILE adds O_DIRECTORY)

    /// <summary>AF_UNSPEC, AF_UNIX, AF_INET, AF_INET6, AF_NETLINK: the only socket families a qube may create.</summary>
    private static readonly int[] s_socketFamilies = [0, 1, 2, 10, 16];

    private static readonly int Eperm = Tmds.Linux.LibC.EPERM;
    private static readonly int Enosys = Tmds.Linux.LibC.ENOSYS;
    private static readonly int Eafnosupport = Tmds.Linux.LibC.EAFNOSUPPORT;

    /// <summary>Every refusal, in the order they are compiled.</summary>
    public static IReadOnlyList<SyscallRule> Rules { get; } =
    [
        // --- Namespaces. The qube's namespaces are made once, by bubblewrap. A new user namespace
        // would give its creator every capability inside it, and with them mount, the kernel's
        // namespaced-root code and the path of most container escapes.
        Refuse("unshare", Eperm, "a new namespace of any kind; in a new user namespace the qube would hold every capability"),
        .. NewNamespaceFlags("clone", "a child in a new namespace (the same door as unshare)",
            CloneNewUser, CloneNewNamespace, CloneNewPid, CloneNewNet, CloneNewIpc, CloneNewUts, CloneNewCgroup),
        Refuse("clone3", Enosys, "its flags are in a struct the filter cannot read, so it cannot be checked as clone is; glibc falls back to clone on ENOSYS"),
        Refuse("setns", Eperm, "joining another namespace through a descriptor"),

        // --- Mounts. They need a capability over the qube's mount namespace, which no process in a
        // qube has or can get (no new user namespace, above); refused as well, as Flatpak does.
        Refuse("mount", Eperm, "changes the qube's file system view"),
        Refuse("umount2", Eperm, "would uncover what the sandbox hides under its mounts"),
        Refuse("pivot_root", Eperm, "changes the root"),
        Refuse("chroot", Eperm, "changes the root"),
        Refuse("open_tree", Enosys, "the new mount API (like mount); ENOSYS so libmount falls back to mount(2)"),
        Refuse("move_mount", Enosys, "the new mount API"),
        Refuse("fsopen", Enosys, "the new mount API"),
        Refuse("fsconfig", Enosys, "the new mount API"),
        Refuse("fsmount", Enosys, "the new mount API"),
        Refuse("fspick", Enosys, "the new mount API"),
        Refuse("mount_setattr", Enosys, "the new mount API: would clear nosuid or read-only"),

        // --- The kernel keyrings. Keys are per user, not per sandbox: through them a qube would
        // reach the daemon's keys and a channel to other qubes past the clipboard policy.
        Refuse("add_key", Eperm, "writes a key into a keyring"),
        Refuse("keyctl", Eperm, "reads, writes, links and searches keys and keyrings"),
        Refuse("request_key", Eperm, "looks keys up (and can start the host's request-key helper)"),

        // --- The kernel's riskiest interfaces for an unprivileged process.
        Refuse("io_uring_setup", Enosys, "io_uring runs reads, writes, opens and connects that no filter sees, and has had a long run of kernel CVEs; ENOSYS, as on a kernel without it, so callers fall back"),
        Refuse("io_uring_enter", Enosys, "io_uring"),
        Refuse("io_uring_register", Enosys, "io_uring"),
        Refuse("bpf", Eperm, "eBPF programs and maps: verifier bugs are a classic way to kernel privilege"),
        Refuse("userfaultfd", Eperm, "stops the kernel on a page fault at a moment the attacker picks, turning kernel races into reliable exploits"),
        Refuse("perf_event_open", Eperm, "performance counters: many CVEs and a side channel; profile from outside (Flatpak)"),
        Refuse("personality", Eperm, "execution domains other than Linux: READ_IMPLIES_EXEC maps every page executable, old ones mapped page zero; queries too (libseccomp 2.5 cannot test one argument twice)",
            IsNot(0, PerLinux)),
        Refuse("ioctl", Eperm, "TIOCSTI pushes keystrokes into a terminal's input, as if the user typed them (CVE-2017-5226)",
            Low32Is(1, Tiocsti)),
        Refuse("ioctl", Eperm, "TIOCLINUX pastes a Linux console's selection into its input, like TIOCSTI (CVE-2023-28100)",
            Low32Is(1, Tioclinux)),
        Refuse("modify_ldt", Eperm, "16-bit segments: not needed, and a history of information leaks (Flatpak); x86 only"),
        Refuse("move_pages", Eperm, "NUMA memory placement: moves other processes' pages (Flatpak)"),
        Refuse("migrate_pages", Eperm, "NUMA memory placement (Flatpak)"),
        Refuse("mbind", Eperm, "NUMA memory placement (Flatpak)"),
        Refuse("set_mempolicy", Eperm, "NUMA memory placement (Flatpak)"),
        Refuse("get_mempolicy", Eperm, "NUMA memory placement (Flatpak); libnuma then reports no NUMA"),
        Refuse("set_mempolicy_home_node", Eperm, "NUMA memory placement"),
        Refuse("syslog", Eperm, "the kernel log: kernel addresses and the host's messages"),
        Refuse("uselib", Eperm, "an obsolete loader call (Flatpak)"),

        // --- Host administration. Each needs a capability of the host's own namespace, which a
        // qube never has; refused so a kernel bug in the check is not enough (Docker).
        Refuse("kexec_load", Eperm, "loads a new kernel"),
        Refuse("kexec_file_load", Eperm, "loads a new kernel"),
        Refuse("init_module", Eperm, "loads a kernel module"),
        Refuse("finit_module", Eperm, "loads a kernel module"),
        Refuse("delete_module", Eperm, "unloads a kernel module"),
        Refuse("open_by_handle_at", Eperm, "opens any file of a file system by its handle, past the sandbox's mounts"),
        Refuse("acct", Eperm, "process accounting for the host"),
        Refuse("quotactl", Eperm, "disk quotas of the host (reading them leaks other users' use)"),
        Refuse("swapon", Eperm, "host swap"),
        Refuse("swapoff", Eperm, "host swap"),
        Refuse("reboot", Eperm, "reboots the host (in a pid namespace: ends it)"),
        Refuse("iopl", Eperm, "raw I/O ports"),
        Refuse("ioperm", Eperm, "raw I/O ports"),

        // --- Sockets. The qube's network namespace holds only loopback, but some families are not
        // namespaced at all: AF_VSOCK reaches the hypervisor's host, AF_BLUETOOTH the radio.
        // Everything but local, IP and netlink sockets is refused, as in Flatpak.
        .. SocketFamiliesOtherThan(s_socketFamilies, Eafnosupport, "a socket family the qube has no use for; AF_VSOCK and AF_BLUETOOTH are not namespaced, others (AF_ALG, AF_PACKET) are kernel attack surface"),

        // --- Set-user-ID and set-group-ID files. The home is mounted nosuid inside the qube and the
        // qube runs with no_new_privs, so such a file does nothing there; but the home is a host
        // folder, where a set-id file the qube made would run as the daemon's user (as root, when
        // the daemon is root). So the qube cannot make one (as systemd's RestrictSUIDSGID).
        .. SetIdBits("chmod", modeArgument: 1),
        .. SetIdBits("fchmod", modeArgument: 1),
        .. SetIdBits("fchmodat", modeArgument: 2),
        .. SetIdBits("fchmodat2", modeArgument: 2),
        .. SetIdBits("creat", modeArgument: 1),
        .. SetIdBits("mknod", modeArgument: 1),
        .. SetIdBits("mknodat", modeArgument: 2),
        .. SetIdBitsWhenCreating("open", flagsArgument: 1, modeArgument: 2),
        .. SetIdBitsWhenCreating("openat", flagsArgument: 2, modeArgument: 3),
        Refuse("openat2", Enosys, "its mode is in a struct the filter cannot read; callers fall back to openat, checked above"),
    ];

    private static SyscallRule Refuse(string syscall, int errno, string why, params ArgumentTest[] when) => new(syscall, errno, why, when);

    /// <summary>One row per flag: a row refuses the call when its flag is set, so any one of them refuses it.</summary>
    private static IEnumerable<SyscallRule> NewNamespaceFlags(string syscall, string why, params ulong[] flags) =>
        flags.Select(flag => Refuse(syscall, Eperm, why, HasBits(0, flag)));

    /// <summary>
    /// socket(family, ...) for every family but <paramref name="allowed"/> (sorted): one row per
    /// refused family below the last allowed one, and one for everything above it. libseccomp 2.5
    /// cannot test one argument twice in a row, so ranges are spelled out.
    /// </summary>
    private static IEnumerable<SyscallRule> SocketFamiliesOtherThan(int[] allowed, int errno, string why)
    {
        for (int family = 0; family < allowed[^1]; family++)
        {
            if (!allowed.Contains(family))
            {
                yield return Refuse("socket", errno, why, Is(0, (ulong)family));
            }
        }

        yield return Refuse("socket", errno, why, AtLeast(0, (ulong)allowed[^1] + 1));
    }

    private static IEnumerable<SyscallRule> SetIdBits(string syscall, int modeArgument)
    {
        yield return Refuse(syscall, Eperm, "a set-user-ID mode", HasBits(modeArgument, SetUserId));
        yield return Refuse(syscall, Eperm, "a set-group-ID mode", HasBits(modeArgument, SetGroupId));
    }

    /// <summary>open and openat take a mode only when they create a file: with O_CREAT, or with O_TMPFILE (linked in later).</summary>
    private static IEnumerable<SyscallRule> SetIdBitsWhenCreating(string syscall, int flagsArgument, int modeArgument)
    {
        foreach (ulong creating in (ulong[])[OpenCreate, OpenTemporary])
        {
            foreach (ulong bit in (ulong[])[SetUserId, SetGroupId])
            {
                yield return Refuse(syscall, Eperm, "creates a file with a set-user-ID or set-group-ID mode", HasBits(flagsArgument, creating), HasBits(modeArgument, bit));
            }
        }
    }
}
