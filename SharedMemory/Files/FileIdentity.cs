using Microsoft.Win32.SafeHandles;

namespace GuiVirt.SharedMemory.Files;

/// <summary>Whether an open file is still the one a path names (same device and inode): how a reader tells that a log it follows was rotated away.</summary>
public static class FileIdentity
{
    /// <summary>True when <paramref name="path"/> names the file open in <paramref name="file"/>; false when it names another file or none.</summary>
    public static bool IsStillAt(SafeFileHandle file, string path) => Interop.LockFile.IsStillAt(file, path);
}
