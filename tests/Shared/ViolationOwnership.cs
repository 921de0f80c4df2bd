namespace GuiVirt.Protocol.Tests.Shared;

/// <summary>
/// Which test project proves which <see cref="ProtocolViolation"/>s can happen. Linked into both
/// test projects: Protocol's coverage test demands a reject row for every value not listed here;
/// SharedMemory's and the daemon's demand a scenario for each value in their list.
/// </summary>
internal static class ViolationOwnership
{
    /// <summary>Raised by SharedMemory (fd passing, grants, the channel).</summary>
    public static readonly ProtocolViolation[] SharedMemory =
    [
        ProtocolViolation.MissingFd, ProtocolViolation.UnexpectedFd,
        ProtocolViolation.GrantNotMemfd, ProtocolViolation.GrantNotSealed, ProtocolViolation.GrantTooSmall, ProtocolViolation.GrantTooLarge, ProtocolViolation.GrantMapFailed,
        ProtocolViolation.OutboundBufferFull, ProtocolViolation.TruncatedMessage,
    ];

    /// <summary>Raised by the daemon's window table (stateful checks).</summary>
    public static readonly ProtocolViolation[] Daemon =
    [
        ProtocolViolation.UnknownWindow, ProtocolViolation.WindowAlreadyExists, ProtocolViolation.TransientForInvalid,
        ProtocolViolation.ClassAfterMap, ProtocolViolation.ImageWithoutGrant, ProtocolViolation.ResourceLimitExceeded,
        ProtocolViolation.TrayIconRefused, ProtocolViolation.TrayIconSizeInvalid,
    ];

    /// <summary>Raised by the daemon's copy broker (a copy's steps): each has a hostile scenario that produces it.</summary>
    public static readonly ProtocolViolation[] Copy =
    [
        ProtocolViolation.FileUnexpected, ProtocolViolation.FileLongerThanAnnounced, ProtocolViolation.FileShorterThanAnnounced, ProtocolViolation.FileTooManyChunks,
    ];
}
