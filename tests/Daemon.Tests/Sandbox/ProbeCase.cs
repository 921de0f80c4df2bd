namespace GuiVirt.Daemon.Tests.Sandbox;

/// <summary>
/// What syscall-probe.c's cases must give inside a qube. <paramref name="Syscall"/> is the filter
/// table's name for the call tried (so every row of the table has a case); <paramref name="InQube"/>
/// the outcome in a qube ("0": it worked; an errno; "signal N"; alternatives separated by "|"). <paramref name="KernelMayRefuse"/>:
/// the kernel's own check (a capability a qube lacks, a feature this kernel was built without) may
/// give the same errno without the filter, so the unfiltered sandbox cannot tell them apart; for
/// every other refused case it must differ, which proves the filter is what refuses it.
/// </summary>
internal sealed record ProbeCase(string Name, string Syscall, string InQube, bool KernelMayRefuse = false)
{
    public static IEnumerable<ProbeCase> All => [.. Allowed, .. Refused];

    public bool Accepts(string outcome) => InQube.Split('|').Contains(outcome);

    public override string ToString() => Name;

    private const string Eperm = "1";
    private const string Enosys = "38";
    private const string Eafnosupport = "97";
    private const string Works = "0";

    /// <summary>Allowed calls: the filter must leave ordinary programs working.</summary>
    public static IReadOnlyList<ProbeCase> Allowed { get; } =
    [
        new("getpid", "getpid", Works),
        new("fork", "clone", Works),
        new("thread", "clone", Works), // glibc's pthread_create: clone3 (ENOSYS), then clone
        new("clone", "clone", Works),
        new("ioctl-tcgets", "ioctl", Works),
        new("personality-linux", "personality", Works),
        new("socket-unix", "socket", Works),
        new("socket-inet", "socket", Works),
        new("socket-inet6", "socket", Works),
        new("socket-netlink", "socket", Works),
        new("chmod-plain", "chmod", Works),
        new("openat-create-plain", "openat", Works),
        new("mkdir-set-group-id", "mkdir", Works), // a set-group-ID folder grants nothing: allowed
        new("ptrace-traceme", "ptrace", Works),
        new("memfd_create", "memfd_create", Works),
    ];

    /// <summary>Refused calls, grouped as in the filter's table.</summary>
    public static IReadOnlyList<ProbeCase> Refused { get; } =
    [
        new("unshare-user", "unshare", Eperm),
        new("unshare-files", "unshare", Eperm),
        new("clone-newuser", "clone", Eperm),
        new("clone-newuser-newns", "clone", Eperm),
        new("clone-newnet", "clone", Eperm, KernelMayRefuse: true), // no capability for a new network namespace
        new("clone3", "clone3", Enosys),
        new("setns", "setns", Eperm),

        new("mount", "mount", Eperm),
        new("umount2", "umount2", Eperm),
        new("pivot_root", "pivot_root", Eperm, KernelMayRefuse: true), // checks the capability first
        new("chroot", "chroot", Eperm),
        new("open_tree", "open_tree", Enosys),
        new("move_mount", "move_mount", Enosys),
        new("fsopen", "fsopen", Enosys),
        new("fsconfig", "fsconfig", Enosys),
        new("fsmount", "fsmount", Enosys),
        new("fspick", "fspick", Enosys),
        new("mount_setattr", "mount_setattr", Enosys),

        new("keyctl", "keyctl", Eperm),
        new("add_key", "add_key", Eperm),
        new("request_key", "request_key", Eperm),

        new("io_uring_setup", "io_uring_setup", Enosys),
        new("io_uring_enter", "io_uring_enter", Enosys),
        new("io_uring_register", "io_uring_register", Enosys),
        new("bpf", "bpf", Eperm, KernelMayRefuse: true), // before Linux 6.x, unprivileged_bpf_disabled is checked first
        new("userfaultfd", "userfaultfd", Eperm, KernelMayRefuse: true), // before 5.11 there is no user-mode-only flag
        new("perf_event_open", "perf_event_open", Eperm),
        new("personality-linux32", "personality", Eperm),
        new("personality-read-implies-exec", "personality", Eperm),
        new("ioctl-tiocsti", "ioctl", Eperm),
        new("ioctl-tiocsti-high-bits", "ioctl", Eperm),
        new("ioctl-tioclinux", "ioctl", Eperm),
        new("modify_ldt", "modify_ldt", Eperm),
        new("move_pages", "move_pages", Eperm),
        new("migrate_pages", "migrate_pages", Eperm),
        new("mbind", "mbind", Eperm),
        new("set_mempolicy", "set_mempolicy", Eperm),
        new("get_mempolicy", "get_mempolicy", Eperm),
        new("set_mempolicy_home_node", "set_mempolicy_home_node", Eperm),
        new("syslog", "syslog", Eperm, KernelMayRefuse: true), // kernel.dmesg_restrict
        new("uselib", "uselib", Eperm),

        new("kexec_load", "kexec_load", Eperm, KernelMayRefuse: true), // the host's CAP_SYS_BOOT
        new("kexec_file_load", "kexec_file_load", Eperm, KernelMayRefuse: true),
        new("init_module", "init_module", Eperm, KernelMayRefuse: true), // the host's CAP_SYS_MODULE
        new("finit_module", "finit_module", Eperm, KernelMayRefuse: true),
        new("delete_module", "delete_module", Eperm, KernelMayRefuse: true),
        new("open_by_handle_at", "open_by_handle_at", Eperm, KernelMayRefuse: true), // the host's CAP_DAC_READ_SEARCH
        new("acct", "acct", Eperm, KernelMayRefuse: true),
        new("quotactl", "quotactl", Eperm, KernelMayRefuse: true),
        new("swapon", "swapon", Eperm, KernelMayRefuse: true),
        new("swapoff", "swapoff", Eperm, KernelMayRefuse: true),
        new("reboot", "reboot", Eperm, KernelMayRefuse: true),
        new("iopl", "iopl", Eperm),
        new("ioperm", "ioperm", Eperm),

        new("socket-vsock", "socket", Eafnosupport, KernelMayRefuse: true), // EAFNOSUPPORT too where there is no vsock
        new("socket-packet", "socket", Eafnosupport, KernelMayRefuse: true),
        new("socket-alg", "socket", Eafnosupport, KernelMayRefuse: true),
        new("socket-key", "socket", Eafnosupport, KernelMayRefuse: true),
        new("socket-bluetooth", "socket", Eafnosupport, KernelMayRefuse: true),

        new("chmod-set-user-id", "chmod", Eperm),
        new("chmod-set-group-id", "chmod", Eperm),
        new("fchmod-set-user-id", "fchmod", Eperm),
        new("fchmodat-set-user-id", "fchmodat", Eperm),
        new("fchmodat2-set-group-id", "fchmodat2", Eperm),
        new("open-create-set-user-id", "open", Eperm),
        new("open-tmpfile-set-group-id", "open", Eperm),
        new("creat-set-user-id", "creat", Eperm),
        new("mknod-set-user-id", "mknod", Eperm),
        new("openat-create-set-group-id", "openat", Eperm),
        new("openat-tmpfile-set-user-id", "openat", Eperm),
        new("mknodat-set-group-id", "mknodat", Eperm),
        new("openat2", "openat2", Enosys),

        // Other ABIs kill the process (SIGSYS, 31). i386's int 0x80 dies of SIGSEGV instead on a
        // kernel without the i386 ABI, filter or not; x32 numbers give ENOSYS there without the filter.
        new("x32-getpid", "(x32)", "signal 31"),
        new("i386-getpid", "(i386)", "signal 31|signal 11", KernelMayRefuse: true),
    ];
}
