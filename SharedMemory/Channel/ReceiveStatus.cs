namespace GuiVirt.SharedMemory.Channel;

/// <summary>What one non-blocking receive found.</summary>
public enum ReceiveStatus
{
    /// <summary>New bytes (or descriptors) are buffered: read messages now.</summary>
    Received,
    /// <summary>Nothing there yet.</summary>
    WouldBlock,
    /// <summary>The peer closed its end.</summary>
    Closed,
}
