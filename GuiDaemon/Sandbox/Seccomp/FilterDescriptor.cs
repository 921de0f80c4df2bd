using GuiVirt.GuiDaemon.Interop;
using Microsoft.Win32.SafeHandles;

namespace GuiVirt.GuiDaemon.Sandbox.Seccomp;

/// <summary>
/// The filter as bubblewrap takes it: a descriptor number on its command line ("--seccomp FD"), the
/// file read from its current offset to the end. One per qube start, a sealed memfd at offset 0.
///
/// .NET opens everything close-on-exec and Process.Start cannot pass a chosen descriptor, so this
/// one is made inheritable only for the start of one bwrap (<see cref="InheritedBy{T}"/>) and closed
/// right after. Every bwrap is started by <see cref="SandboxLauncher"/>'s one thread, so no other
/// qube can be started in that moment and inherit it. Another process the daemon happened to start
/// from another thread meanwhile would inherit a copy; the copy is harmless: the filter is the same
/// public program for every qube, and sealed, so nobody can change what bwrap reads.
/// The same kind of descriptor carries the resolv.conf of a qube with a network ("--ro-bind-data FD"):
/// one fixed public line, sealed too.
/// </summary>
internal sealed class FilterDescriptor : IDisposable
{
    private readonly SafeFileHandle _file;

    private FilterDescriptor(SafeFileHandle file) => _file = file;

    /// <summary>The descriptor number, the same in the daemon and in the bwrap that inherits it.</summary>
    public int Number => (int)_file.DangerousGetHandle();

    public static FilterDescriptor Create(byte[] bpf)
    {
        SafeFileHandle file = MemoryFile.Create("guivirt-seccomp");
        try
        {
            RandomAccess.Write(file, bpf, fileOffset: 0); // pwrite: the file offset stays at 0, where bwrap starts reading
            MemoryFile.SealContents(file);
            return new FilterDescriptor(file);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Runs <paramref name="start"/> (one process start) with the descriptor inheritable, and only then.</summary>
    public T InheritedBy<T>(Func<T> start)
    {
        MemoryFile.SetInheritable(_file, inheritable: true);
        try
        {
            return start();
        }
        finally
        {
            MemoryFile.SetInheritable(_file, inheritable: false);
        }
    }

    public void Dispose() => _file.Dispose();
}
