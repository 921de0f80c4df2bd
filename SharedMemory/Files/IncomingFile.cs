using System.Globalization;
using System.Text;
using GuiVirt.Protocol;
using GuiVirt.Protocol.Messages;
using GuiVirt.SharedMemory.Interop;
using Microsoft.Win32.SafeHandles;
using Tmds.Linux;

namespace GuiVirt.SharedMemory.Files;

/// <summary>
/// A file a target qube's agent receives in a copy: created in HOME/Incoming/SOURCE with
/// O_CREAT|O_EXCL|O_NOFOLLOW, every folder on the way opened with O_NOFOLLOW|O_DIRECTORY and the
/// file created relative to it, so a link an app planted there redirects nothing and nothing that
/// exists is overwritten: a name that is taken gets a suffix (NAME.1, NAME.2, ...). A file not
/// completed is removed (<see cref="Abandon"/>).
/// </summary>
public sealed class IncomingFile : IDisposable
{
    /// <summary>Numbered variants tried when the name is taken.</summary>
    public const int MaxSuffix = 99;

    private readonly int _directory;
    private readonly SafeFileHandle _file;
    private bool _done;

    private IncomingFile(int directory, SafeFileHandle file, string name) => (_directory, _file, Name) = (directory, file, name);

    /// <summary>The name it was created with (the announced one, or a numbered variant).</summary>
    public string Name { get; }

    /// <summary>Creates the file; null and the problem when it cannot.</summary>
    public static IncomingFile? TryCreate(string home, string source, string name, out FileProblem problem)
    {
        int directory = NoFollowFiles.OpenAt(NoFollowFiles.WorkingDirectory, home, LibC.O_RDONLY | LibC.O_DIRECTORY, 0, out int errno);
        foreach (string folder in (string[])["Incoming", source])
        {
            if (directory < 0)
            {
                break;
            }

            int made = NoFollowFiles.MakeDirectoryAt(directory, folder, 0x1C0); // 0700
            int next = made is 0 || made == LibC.EEXIST ? NoFollowFiles.OpenAt(directory, folder, LibC.O_RDONLY | LibC.O_DIRECTORY, 0, out errno) : -1;
            errno = made is 0 || made == LibC.EEXIST ? errno : made;
            NoFollowFiles.Close(directory);
            directory = next;
        }

        if (directory < 0)
        {
            problem = Problem(errno);
            return null;
        }

        for (int suffix = 0; suffix <= MaxSuffix; suffix++)
        {
            string candidate = suffix == 0 ? name : string.Create(CultureInfo.InvariantCulture, $"{name}.{suffix}");
            if (Encoding.UTF8.GetByteCount(candidate) > FileNames.MaxBytes)
            {
                break;
            }

            // Security: O_EXCL never opens what exists, a link included: nothing is overwritten.
            int fd = NoFollowFiles.OpenAt(directory, candidate, LibC.O_WRONLY | LibC.O_CREAT | LibC.O_EXCL, 0x1A4 /* 0644 */, out errno);
            if (fd >= 0)
            {
                problem = 0;
                return new IncomingFile(directory, new SafeFileHandle(fd, ownsHandle: true), candidate);
            }

            if (errno != LibC.EEXIST)
            {
                NoFollowFiles.Close(directory);
                problem = Problem(errno);
                return null;
            }
        }

        NoFollowFiles.Close(directory);
        problem = FileProblem.NameTaken;
        return null;
    }

    /// <summary>Appends <paramref name="bytes"/>; 0 or the problem.</summary>
    public FileProblem Write(ReadOnlySpan<byte> bytes)
    {
        int errno = NoFollowFiles.WriteAll(_file, bytes);
        return errno == 0 ? 0 : Problem(errno);
    }

    /// <summary>The file is whole: it stays.</summary>
    public void Complete()
    {
        _done = true;
        Dispose();
    }

    /// <summary>The file is not whole: it is removed.</summary>
    public void Abandon()
    {
        if (!_done)
        {
            _done = true;
            NoFollowFiles.UnlinkAt(_directory, Name);
        }

        Dispose();
    }

    public void Dispose()
    {
        if (!_file.IsClosed)
        {
            _file.Dispose();
            NoFollowFiles.Close(_directory);
        }
    }

    private static FileProblem Problem(int errno) =>
        errno == LibC.ENOSPC || errno == LibC.EDQUOT ? FileProblem.NoSpace
        : errno == LibC.EACCES || errno == LibC.EPERM ? FileProblem.PermissionDenied
        : FileProblem.WriteFailed;
}
