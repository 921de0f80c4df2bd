/* Tries system calls from inside a qube and prints what each one did: "NAME 0" when it succeeded,
 * "NAME ERRNO" when it failed, "NAME signal N" when it killed the process. Each call runs in a
 * child process of its own, so a call that succeeds changes nothing for the next one.
 *
 * Where the kernel itself would also refuse a call in a qube, the arguments are chosen so that it
 * fails another way first when no filter stops it (a null pointer: EFAULT; a bad descriptor: EBADF;
 * bad flags: EINVAL), as Flatpak's try-syscall does. Then the filter's EPERM or ENOSYS can only come
 * from the filter. SandboxFilterTests runs this once in a real qube and once in the same sandbox
 * without the filter, and compares.
 *
 * Usage: syscall-probe SCRATCH-DIR [KEY-SERIAL]
 * Files (for the set-id cases) are made in SCRATCH-DIR; KEY-SERIAL adds the case keyctl-read-key. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#ifndef SYS_fchmodat2
#define SYS_fchmodat2 452
#endif
#ifndef SYS_set_mempolicy_home_node
#define SYS_set_mempolicy_home_node 450
#endif
#ifndef AF_VSOCK
#define AF_VSOCK 40
#endif
#ifndef AF_ALG
#define AF_ALG 38
#endif
#define UFFD_USER_MODE_ONLY_FLAG 1
#define KEYCTL_GET_KEYRING_ID_OP 0
#define KEYCTL_READ_OP 11
#define KEY_SPEC_SESSION_KEYRING_ID (-3)
#define KEY_SPEC_PROCESS_KEYRING_ID (-2)
#define SET_UID 04000
#define SET_GID 02000

/* A case whose preparation failed (no pty, no file): not the call being tried. */
#define SETUP_FAILED (-1000L)

static long key_serial;

/* Waits for a child that exits at once; its own result is not what is being tried. */
static long reap(long pid)
{
    if (pid == 0)
        _exit(0);
    if (pid > 0)
        waitpid((pid_t)pid, NULL, __WALL);
    return pid < 0 ? -1 : 0;
}

static long raw_clone(unsigned long flags) { return reap(syscall(SYS_clone, flags | SIGCHLD, 0, 0, 0, 0)); }

static void *thread_main(void *unused) { return unused; }

static long thread(void)
{
    pthread_t t;
    int rc = pthread_create(&t, NULL, thread_main, NULL); /* glibc tries clone3 first, then clone */
    if (rc != 0) {
        errno = rc;
        return -1;
    }
    return pthread_join(t, NULL) == 0 ? 0 : -1;
}

/* A new session whose controlling terminal is a fresh pty: TIOCSTI on your own terminal is what
 * the kernel allows without privilege, so only the filter can refuse it. */
static int own_terminal(void)
{
    if (setsid() < 0)
        return -1;
    int master = posix_openpt(O_RDWR | O_NOCTTY);
    if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0)
        return -1;
    return open(ptsname(master), O_RDWR); /* no O_NOCTTY: it becomes the controlling terminal */
}

static long terminal_ioctl(unsigned long request)
{
    int tty = own_terminal();
    if (tty < 0)
        return SETUP_FAILED;
    char argument[64] = { 'x' };
    return syscall(SYS_ioctl, tty, request, argument);
}

static long make_socket(int family, int type)
{
    int fd = socket(family, type, 0);
    return fd < 0 ? -1 : 0;
}

#if defined(__x86_64__)
static long i386_getpid(void)
{
    long result;
    __asm__ volatile("int $0x80" : "=a"(result) : "a"(20L) : "memory"); /* getpid in the i386 ABI */
    return result < 0 ? (errno = (int)-result, -1) : 0;
}
#endif

static const char *scratch;

static char path_buffer[4096];

static const char *in_scratch(const char *name)
{
    snprintf(path_buffer, sizeof path_buffer, "%s/%s", scratch, name);
    return path_buffer;
}

static long plain_file(void)
{
    int fd = open(in_scratch("plain"), O_CREAT | O_WRONLY, 0644);
    if (fd < 0)
        return -1;
    close(fd);
    return 0;
}

static long fchmod_mode(mode_t mode)
{
    if (plain_file() < 0)
        return SETUP_FAILED;
    int fd = open(in_scratch("plain"), O_RDONLY);
    return fchmod(fd, mode);
}

/* What a tried call's child exits with: 0 for success, the errno, or 254 when the setup failed. */
static int outcome(long result)
{
    if (result == SETUP_FAILED)
        return 254;
    if (result == -1)
        return errno == 0 ? 255 : errno;
    return 0;
}

static void report(const char *name, pid_t child)
{
    int status = 0;
    if (child < 0 || waitpid(child, &status, 0) < 0)
        printf("%s probe-failed\n", name);
    else if (WIFSIGNALED(status))
        printf("%s signal %d\n", name, WTERMSIG(status));
    else if (WEXITSTATUS(status) == 254)
        printf("%s setup-failed\n", name);
    else
        printf("%s %d\n", name, WEXITSTATUS(status));
    fflush(stdout);
}

/* Evaluates EXPRESSION in a child process of its own and reports how it ended. */
#define PROBE(NAME, EXPRESSION) \
    do { \
        pid_t child = fork(); \
        if (child == 0) { \
            errno = 0; \
            long result = (long)(EXPRESSION); \
            _exit(outcome(result)); \
        } \
        report(NAME, child); \
    } while (0)

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s SCRATCH-DIR [KEY-SERIAL]\n", argv[0]);
        return 2;
    }
    scratch = argv[1];
    key_serial = argc > 2 ? strtol(argv[2], NULL, 10) : 0;

    static char key_buffer[256];
    /* Allowed: the filter must leave ordinary programs working. */
    PROBE("getpid", syscall(SYS_getpid));
    PROBE("fork", reap(fork()));
    PROBE("thread", thread());
    PROBE("clone", raw_clone(0));
    PROBE("ioctl-tcgets", terminal_ioctl(TCGETS));
    PROBE("personality-linux", personality(PER_LINUX) < 0 ? -1 : 0);
    PROBE("socket-unix", make_socket(AF_UNIX, SOCK_STREAM));
    PROBE("socket-inet", make_socket(AF_INET, SOCK_STREAM));
    PROBE("socket-inet6", make_socket(AF_INET6, SOCK_DGRAM));
    PROBE("socket-netlink", make_socket(AF_NETLINK, SOCK_RAW));
    PROBE("chmod-plain", plain_file() < 0 ? SETUP_FAILED : chmod(in_scratch("plain"), 0755));
    PROBE("openat-create-plain", syscall(SYS_openat, AT_FDCWD, in_scratch("plain-2"), O_CREAT | O_WRONLY, 0644) < 0 ? -1 : 0);
    PROBE("mkdir-set-group-id", mkdir(in_scratch("shared-dir"), 02755));
    PROBE("ptrace-traceme", syscall(SYS_ptrace, 0 /* PTRACE_TRACEME */, 0, 0, 0));
    PROBE("memfd_create", syscall(SYS_memfd_create, "probe", 0) < 0 ? -1 : 0);

    /* Namespaces */
    PROBE("unshare-user", unshare(CLONE_NEWUSER));
    PROBE("unshare-files", unshare(CLONE_FILES));
    PROBE("clone-newuser", raw_clone(CLONE_NEWUSER));
    PROBE("clone-newuser-newns", raw_clone(CLONE_NEWUSER | CLONE_NEWNS));
    PROBE("clone-newnet", raw_clone(CLONE_NEWNET));
    PROBE("clone3", syscall(SYS_clone3, NULL, 0));
    PROBE("setns", syscall(SYS_setns, -1, 0));

    /* Mounts */
    PROBE("mount", syscall(SYS_mount, NULL, NULL, NULL, 0, NULL));
    PROBE("umount2", syscall(SYS_umount2, "/", 0x80000000UL));
    PROBE("pivot_root", syscall(SYS_pivot_root, NULL, NULL));
    PROBE("chroot", syscall(SYS_chroot, NULL));
    PROBE("open_tree", syscall(SYS_open_tree, -1, NULL, 0));
    PROBE("move_mount", syscall(SYS_move_mount, -1, NULL, -1, NULL, 0));
    PROBE("fsopen", syscall(SYS_fsopen, NULL, 0));
    PROBE("fsconfig", syscall(SYS_fsconfig, -1, 0, NULL, NULL, 0));
    PROBE("fsmount", syscall(SYS_fsmount, -1, 0, 0));
    PROBE("fspick", syscall(SYS_fspick, -1, NULL, 0));
    PROBE("mount_setattr", syscall(SYS_mount_setattr, -1, NULL, 0, NULL, 0));

    /* Keyrings */
    PROBE("keyctl", syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID_OP, KEY_SPEC_SESSION_KEYRING_ID, 0));
    PROBE("add_key", syscall(SYS_add_key, "user", "guivirt-probe", "x", 1, KEY_SPEC_PROCESS_KEYRING_ID));
    PROBE("request_key", syscall(SYS_request_key, "user", "guivirt-probe-absent", NULL, 0));

    /* Kernel interfaces */
    PROBE("io_uring_setup", syscall(SYS_io_uring_setup, 1, NULL));
    PROBE("io_uring_enter", syscall(SYS_io_uring_enter, -1, 0, 0, 0, NULL, 0));
    PROBE("io_uring_register", syscall(SYS_io_uring_register, -1, 0, NULL, 0));
    PROBE("bpf", syscall(SYS_bpf, 0x7fff, NULL, 0));
    PROBE("userfaultfd", syscall(SYS_userfaultfd, UFFD_USER_MODE_ONLY_FLAG) < 0 ? -1 : 0);
    PROBE("perf_event_open", syscall(SYS_perf_event_open, NULL, 0, -1, -1, 0));
    PROBE("personality-linux32", personality(PER_LINUX32) < 0 ? -1 : 0);
    PROBE("personality-read-implies-exec", personality(READ_IMPLIES_EXEC) < 0 ? -1 : 0);
    PROBE("ioctl-tiocsti", terminal_ioctl(TIOCSTI));
    PROBE("ioctl-tiocsti-high-bits", terminal_ioctl((1UL << 32) | TIOCSTI));
    PROBE("ioctl-tioclinux", terminal_ioctl(TIOCLINUX));
#ifdef SYS_modify_ldt
    PROBE("modify_ldt", syscall(SYS_modify_ldt, 0, key_buffer, 0));
#endif
    PROBE("move_pages", syscall(SYS_move_pages, 0, 0, NULL, NULL, NULL, 0));
    PROBE("migrate_pages", syscall(SYS_migrate_pages, 0, 0, NULL, NULL));
    PROBE("mbind", syscall(SYS_mbind, NULL, 0, 0, NULL, 0, 0));
    PROBE("set_mempolicy", syscall(SYS_set_mempolicy, 0, NULL, 0));
    PROBE("get_mempolicy", syscall(SYS_get_mempolicy, NULL, NULL, 0, NULL, 0));
    PROBE("set_mempolicy_home_node", syscall(SYS_set_mempolicy_home_node, 0, 0, 0, 0));
    PROBE("syslog", syscall(SYS_syslog, 10 /* SYSLOG_ACTION_SIZE_BUFFER */, NULL, 0));
#ifdef SYS_uselib
    PROBE("uselib", syscall(SYS_uselib, NULL));
#endif

    /* Host administration */
    PROBE("kexec_load", syscall(SYS_kexec_load, 0, 0, NULL, 0));
    PROBE("kexec_file_load", syscall(SYS_kexec_file_load, -1, -1, 0, NULL, 0));
    PROBE("init_module", syscall(SYS_init_module, NULL, 0, ""));
    PROBE("finit_module", syscall(SYS_finit_module, -1, "", 0));
    PROBE("delete_module", syscall(SYS_delete_module, "guivirt_none", 0));
    PROBE("open_by_handle_at", syscall(SYS_open_by_handle_at, -1, NULL, 0));
    PROBE("acct", syscall(SYS_acct, NULL));
    PROBE("quotactl", syscall(SYS_quotactl, 0, NULL, 0, NULL));
    PROBE("swapon", syscall(SYS_swapon, NULL, 0));
    PROBE("swapoff", syscall(SYS_swapoff, NULL));
    PROBE("reboot", syscall(SYS_reboot, 0, 0, 0, NULL)); /* wrong magic: never reboots */
#ifdef SYS_iopl
    PROBE("iopl", syscall(SYS_iopl, 0));
    PROBE("ioperm", syscall(SYS_ioperm, 0, 0, 0));
#endif

    /* Sockets */
    PROBE("socket-vsock", make_socket(AF_VSOCK, SOCK_STREAM));
    PROBE("socket-packet", make_socket(AF_PACKET, SOCK_RAW));
    PROBE("socket-alg", make_socket(AF_ALG, SOCK_SEQPACKET));
    PROBE("socket-key", make_socket(AF_KEY, SOCK_RAW));
    PROBE("socket-bluetooth", make_socket(AF_BLUETOOTH, SOCK_STREAM));

    /* Set-user-ID and set-group-ID files */
    PROBE("chmod-set-user-id", plain_file() < 0 ? SETUP_FAILED : chmod(in_scratch("plain"), 0755 | SET_UID));
    PROBE("chmod-set-group-id", plain_file() < 0 ? SETUP_FAILED : chmod(in_scratch("plain"), 0755 | SET_GID));
    PROBE("fchmod-set-user-id", fchmod_mode(0755 | SET_UID));
    PROBE("fchmodat-set-user-id", plain_file() < 0 ? SETUP_FAILED : syscall(SYS_fchmodat, AT_FDCWD, in_scratch("plain"), 0755 | SET_UID));
    PROBE("fchmodat2-set-group-id", plain_file() < 0 ? SETUP_FAILED : syscall(SYS_fchmodat2, AT_FDCWD, in_scratch("plain"), 0755 | SET_GID, 0));
#ifdef SYS_open
    PROBE("open-create-set-user-id", syscall(SYS_open, in_scratch("open-suid"), O_CREAT | O_WRONLY, 0755 | SET_UID) < 0 ? -1 : 0);
    PROBE("open-tmpfile-set-group-id", syscall(SYS_open, scratch, O_TMPFILE | O_WRONLY, 0755 | SET_GID) < 0 ? -1 : 0);
#endif
#ifdef SYS_creat
    PROBE("creat-set-user-id", syscall(SYS_creat, in_scratch("creat-suid"), 0755 | SET_UID) < 0 ? -1 : 0);
#endif
#ifdef SYS_mknod
    PROBE("mknod-set-user-id", syscall(SYS_mknod, in_scratch("mknod-suid"), S_IFREG | 0755 | SET_UID, 0));
#endif
    PROBE("openat-create-set-group-id", syscall(SYS_openat, AT_FDCWD, in_scratch("openat-sgid"), O_CREAT | O_WRONLY, 0755 | SET_GID) < 0 ? -1 : 0);
    PROBE("openat-tmpfile-set-user-id", syscall(SYS_openat, AT_FDCWD, scratch, O_TMPFILE | O_WRONLY, 0755 | SET_UID) < 0 ? -1 : 0);
    PROBE("mknodat-set-group-id", syscall(SYS_mknodat, AT_FDCWD, in_scratch("mknodat-sgid"), S_IFREG | 0755 | SET_GID, 0));
    PROBE("openat2", syscall(SYS_openat2, AT_FDCWD, in_scratch("openat2"), NULL, 0));

    /* Other architectures' system-call ABIs */
#if defined(__x86_64__)
    PROBE("i386-getpid", i386_getpid());
    PROBE("x32-getpid", syscall(0x40000000L | SYS_getpid));
#endif
    if (key_serial != 0)
        PROBE("keyctl-read-key", syscall(SYS_keyctl, KEYCTL_READ_OP, key_serial, key_buffer, sizeof key_buffer));

    return 0;
}
