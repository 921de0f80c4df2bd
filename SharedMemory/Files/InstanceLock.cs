using System.Globalization;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace GuiVirt.SharedMemory.Files;

/// <summary>
/// "Only one of us here": an exclusive flock on a lock file, held for the owner's life, with the
/// owner's process id written in it so that a second comer can say who holds it. The kernel drops
/// the lock when the owner dies, however it dies, so a crash leaves no stale lock. Dispose removes
/// the file, then releases the lock.
/// </summary>
public sealed class InstanceLock : IDisposable
{
    private const int MaxPidBytes = 16;
    private readonly SafeFileHandle _file;

    private InstanceLock(string path, SafeFileHandle file)
    {
        Path = path;
        _file = file;
    }

    /// <summary>The lock file.</summary>
    public string Path { get; }

    /// <summary>
    /// Takes the lock on <paramref name="path"/> (creating the file, mode 0600, never through a
    /// symbolic link), or returns null when another process holds it; <paramref name="holder"/>
    /// is then its process id, if it has written it yet. IOException when the file cannot be opened.
    /// </summary>
    public static InstanceLock? TryTake(string path, out int? holder)
    {
        holder = null;
        // A holder that is leaving removes the file and then unlocks it: if we opened that old file
        // just before, our lock is on a file nobody else will ever open. Then the path names a new
        // file (or none), and we try again on that.
        for (int attempt = 0; attempt < 100; attempt++)
        {
            SafeFileHandle file = Interop.LockFile.Open(path);
            try
            {
                if (!Interop.LockFile.TryLockExclusive(file))
                {
                    holder = ReadHolder(file);
                    file.Dispose();
                    return null;
                }

                if (!Interop.LockFile.IsStillAt(file, path))
                {
                    file.Dispose();
                    continue;
                }

                Interop.LockFile.Rewrite(file, Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n"));
                return new InstanceLock(path, file);
            }
            catch
            {
                file.Dispose();
                throw;
            }
        }

        throw new IOException($"{path} kept being replaced while it was being locked");
    }

    /// <summary>Removes the lock file, then releases the lock (in this order: see <see cref="TryTake"/>).</summary>
    public void Dispose()
    {
        if (_file.IsClosed)
        {
            return;
        }

        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
            // The lock is released below all the same; the next owner reuses the file.
        }
        catch (UnauthorizedAccessException)
        {
        }

        _file.Dispose();
    }

    /// <summary>The holder's process id: a short line of digits, checked (the file could hold anything).</summary>
    private static int? ReadHolder(SafeFileHandle file)
    {
        Span<byte> content = stackalloc byte[MaxPidBytes];
        int length = Interop.LockFile.ReadStart(file, content);
        ReadOnlySpan<byte> digits = content[..length].TrimEnd((byte)'\n');
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && pid > 0 ? pid : null;
    }
}
