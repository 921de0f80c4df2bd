using GuiVirt.Protocol;
using GuiVirt.Protocol.Messages;
using GuiVirt.SharedMemory.Interop;
using Microsoft.Win32.SafeHandles;
using Tmds.Linux;

namespace GuiVirt.SharedMemory.Files;

/// <summary>
/// A file a source qube's agent sends in a copy: opened with O_NOFOLLOW (a symbolic link is
/// refused, never followed), then checked with fstat on the open descriptor (what is read is what
/// was checked): a regular file of at most <see cref="Limits.MaxFileBytes"/>, whose name is one
/// that a copy may carry (<see cref="FileNames"/>).
/// </summary>
public sealed class CopySource : IDisposable
{
    private readonly SafeFileHandle _file;

    private CopySource(SafeFileHandle file, string name, long size) => (_file, Name, Size) = (file, name, size);

    /// <summary>The last component of the path.</summary>
    public string Name { get; }

    /// <summary>The size when it was opened: exactly what is sent.</summary>
    public long Size { get; }

    /// <summary>Opens <paramref name="path"/> (relative paths from <paramref name="home"/>); null and the problem when it cannot be sent.</summary>
    public static CopySource? TryOpen(string path, string home, out FileProblem problem)
    {
        string full = Path.IsPathRooted(path) ? path : Path.Combine(home, path);
        string name = Path.GetFileName(full.TrimEnd('/'));
        int fd = NoFollowFiles.OpenAt(NoFollowFiles.WorkingDirectory, full, LibC.O_RDONLY | LibC.O_NONBLOCK | LibC.O_NOCTTY, 0, out int errno);
        if (fd < 0)
        {
            problem = errno switch
            {
                _ when errno == LibC.ENOENT || errno == LibC.ENOTDIR => FileProblem.NotFound,
                _ when errno == LibC.ELOOP => FileProblem.SymbolicLink, // O_NOFOLLOW on a link
                _ when errno == LibC.EACCES || errno == LibC.EPERM => FileProblem.PermissionDenied,
                _ => FileProblem.ReadFailed,
            };
            return null;
        }

        var file = new SafeFileHandle(fd, ownsHandle: true);
        problem = !NoFollowFiles.TryStat(fd, out bool regular, out bool directory, out long size) ? FileProblem.ReadFailed
            : directory ? FileProblem.Directory
            : !regular ? FileProblem.NotRegularFile // a FIFO, device or socket: O_NONBLOCK kept the open from waiting on it
            : size > Limits.MaxFileBytes ? FileProblem.TooLarge
            : !FileNames.IsValid(name) ? FileProblem.NameNotAllowed
            : 0;
        if (problem != 0)
        {
            file.Dispose();
            return null;
        }

        return new CopySource(file, name, size);
    }

    /// <summary>Reads at <paramref name="offset"/>: the bytes read (0 at the end of the file), or -1 when reading failed.</summary>
    public int Read(Span<byte> buffer, long offset)
    {
        long read = NoFollowFiles.ReadAt(_file, buffer, offset);
        return read < 0 ? -1 : checked((int)read);
    }

    public void Dispose() => _file.Dispose();
}
