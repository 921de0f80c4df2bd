namespace GuiVirt.Protocol.Messages;

/// <summary>FILE_ERROR's reason: why a source could not send a file, or a target could not write it. Values are stable (docs/protocol.md).</summary>
public enum FileProblem : uint
{
    /// <summary>Source: no such file.</summary>
    NotFound = 1,
    /// <summary>Source: the path is a symbolic link (opened with O_NOFOLLOW: never followed).</summary>
    SymbolicLink = 2,
    /// <summary>Source: a directory (copying folders is not supported).</summary>
    Directory = 3,
    /// <summary>Source: not a regular file (a device, FIFO or socket).</summary>
    NotRegularFile = 4,
    /// <summary>Either side: permission denied.</summary>
    PermissionDenied = 5,
    /// <summary>Source: larger than <see cref="Limits.MaxFileBytes"/>.</summary>
    TooLarge = 6,
    /// <summary>Source: the file's name cannot be carried (<see cref="FileNames"/>).</summary>
    NameNotAllowed = 7,
    /// <summary>Source: reading failed, or the file shrank while it was read.</summary>
    ReadFailed = 8,
    /// <summary>Target: no free name (the name and every numbered variant exist).</summary>
    NameTaken = 9,
    /// <summary>Target: the disk or quota is full.</summary>
    NoSpace = 10,
    /// <summary>Target: creating or writing the file failed otherwise.</summary>
    WriteFailed = 11,
}
