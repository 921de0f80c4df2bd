using GuiVirt.GuiDaemon.Interop;
using Microsoft.Win32.SafeHandles;

namespace GuiVirt.GuiDaemon.Sandbox;

/// <summary>
/// A file bubblewrap reads from a descriptor number on its command line ("--seccomp FD",
/// "--ro-bind-data FD DEST"), read from its current offset to the end: a sealed memfd at offset 0.
///
/// .NET opens everything close-on-exec and Process.Start cannot pass a chosen descriptor, so this
/// one is made inheritable only for the start of one bwrap (<see cref="InheritedBy{T}"/>) and closed
/// right after. Every bwrap is started by <see cref="SandboxLauncher"/>'s one thread, so no other
/// qube can be started in that moment and inherit it. Another process the daemon happened to start
/// from another thread meanwhile would inherit a copy; the copy is harmless: what these files hold
/// is the same public text for every qube (the filter, the qube's user database, the resolv.conf of
/// a qube with a network), and sealed, so nobody can change what bwrap reads.
/// </summary>
internal sealed class SealedFile : IDisposable
{
    private readonly SafeFileHandle _file;

    private SealedFile(SafeFileHandle file) => _file = file;

    /// <summary>The descriptor number, the same in the daemon and in the bwrap that inherits it.</summary>
    public int Number => (int)_file.DangerousGetHandle();

    public static SealedFile Create(string name, byte[] contents)
    {
        SafeFileHandle file = MemoryFile.Create(name);
        try
        {
            RandomAccess.Write(file, contents, fileOffset: 0); // pwrite: the file offset stays at 0, where bwrap starts reading
            MemoryFile.SealContents(file);
            return new SealedFile(file);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Runs <paramref name="start"/> (one process start) with the descriptors inheritable, and only then.</summary>
    public static T InheritedBy<T>(IReadOnlyList<SealedFile> files, Func<T> start)
    {
        foreach (SealedFile file in files)
        {
            MemoryFile.SetInheritable(file._file, inheritable: true);
        }

        try
        {
            return start();
        }
        finally
        {
            foreach (SealedFile file in files)
            {
                MemoryFile.SetInheritable(file._file, inheritable: false);
            }
        }
    }

    public void Dispose() => _file.Dispose();
}
