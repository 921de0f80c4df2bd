using GuiVirt.SharedMemory.Grants;
using GuiVirt.SharedMemory.Interop;
using Microsoft.Win32.SafeHandles;
using Tmds.Linux;

namespace GuiVirt.SharedMemory.Tests.Grants;

/// <summary>In-process makers of the fds a hostile qube could send instead of a proper grant.</summary>
internal static unsafe class TestFds
{
    public const string Unsealed = "unsealed";
    public const string ShrinkOnly = "shrink-only";
    public const string GrowOnly = "grow-only";
    public const string SealOnly = "seal-only";
    public const string Undersized = "undersized";
    public const string Pipe = "pipe";
    public const string RegularFile = "regular-file";
    public const string DevZero = "dev-zero";
    public const string TmpfsFile = "tmpfs-file";
    public const string Socket = "socket";

    /// <summary>Makes an fd of <paramref name="kind"/>; memfds get <paramref name="sizeBytes"/> (undersized: one less).</summary>
    public static SafeFileHandle Create(string kind, long sizeBytes) => kind switch
    {
        Unsealed => CreateMemfd(sizeBytes, MemfdSeals.None),
        ShrinkOnly => CreateMemfd(sizeBytes, MemfdSeals.Shrink),
        GrowOnly => CreateMemfd(sizeBytes, MemfdSeals.Grow),
        SealOnly => CreateMemfd(sizeBytes, MemfdSeals.Seal),
        Undersized => CreateMemfd(sizeBytes - 1, MemfdSeals.Shrink | MemfdSeals.Grow | MemfdSeals.Seal),
        Pipe => CreatePipeReadEnd(),
        RegularFile => CreateDeletedFile(Path.GetTempPath(), sizeBytes),
        DevZero => File.OpenHandle("/dev/zero", FileMode.Open, FileAccess.ReadWrite),
        TmpfsFile => CreateDeletedFile("/dev/shm", sizeBytes),
        Socket => CreateSocketEnd(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown fd kind"),
    };

    /// <summary>A memfd of the given size with exactly <paramref name="seals"/>.</summary>
    public static SafeFileHandle CreateMemfd(long sizeBytes, MemfdSeals seals)
    {
        SafeFileHandle memfd = Memfd.Create("test");
        Memfd.SetSize(memfd, sizeBytes);
        if (seals != MemfdSeals.None)
        {
            Memfd.AddSeals(memfd, seals);
        }
        return memfd;
    }

    /// <summary>dup(): TryMap takes ownership of what it is given, so tests hand it a copy.</summary>
    public static SafeFileHandle Dup(SafeFileHandle handle)
    {
        int fd = LibC.dup(checked((int)handle.DangerousGetHandle()));
        Assert.True(fd >= 0, $"dup failed: errno {LibC.errno}");
        return new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>Reads the whole mapping of a grant as a span (tests only; the mapping must stay alive).</summary>
    public static ReadOnlySpan<byte> View(IMappedGrant grant) =>
        new((void*)grant.Address, checked((int)grant.Size));

    private static SafeFileHandle CreatePipeReadEnd()
    {
        int* fds = stackalloc int[2];
        Assert.Equal(0, LibC.pipe2(fds, LibC.O_CLOEXEC));
        LibC.close(fds[1]);
        return new SafeFileHandle(fds[0], ownsHandle: true);
    }

    private static SafeFileHandle CreateSocketEnd()
    {
        int* fds = stackalloc int[2];
        Assert.Equal(0, LibC.socketpair(LibC.AF_UNIX, LibC.SOCK_STREAM | LibC.SOCK_CLOEXEC, 0, fds));
        LibC.close(fds[1]);
        return new SafeFileHandle(fds[0], ownsHandle: true);
    }

    private static SafeFileHandle CreateDeletedFile(string directory, long sizeBytes)
    {
        string path = Path.Combine(directory, $"guivirt-test-{Guid.NewGuid():N}");
        SafeFileHandle handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite);
        File.Delete(path);
        RandomAccess.SetLength(handle, sizeBytes);
        return handle;
    }
}
