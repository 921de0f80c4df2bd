using GuiVirt.Protocol.Messages;
using GuiVirt.SharedMemory.Grants;
using Microsoft.Win32.SafeHandles;

namespace GuiVirt.GuiDaemon.Clipboard;

/// <summary>
/// The daemon's own copy of a clipboard image: a memfd the daemon made (sealed SHRINK, GROW and
/// SEAL), holding exactly width x height x 4 bytes copied from the source qube's verified,
/// read-only grant. The pixels are copied as bytes and never read as an image. Owning the copy
/// means the source cannot change it after the copy (it keeps its own grant writable), and the
/// target gets a buffer the source never saw, so no shared memory ever links two qubes.
/// </summary>
internal sealed class ImageCopy : IDisposable
{
    private static readonly MemfdGrantAllocator Allocator = new();
    private readonly IAgentGrant _memory;

    private ImageCopy(ClipboardImage size, IAgentGrant memory) => (Size, _memory) = (size, memory);

    /// <summary>Width and height (the exact byte count follows from them).</summary>
    public ClipboardImage Size { get; }

    /// <summary>The descriptor to send with CLIPBOARD_IMAGE (the channel sends a duplicate).</summary>
    public SafeFileHandle Handle => _memory.ShareHandle;

    /// <summary>Copies the <paramref name="source"/> grant, already verified to be exactly <see cref="ClipboardImage.ByteCount"/> bytes.</summary>
    public static unsafe ImageCopy Take(ClipboardImage size, IMappedGrant source)
    {
        // The mapper mapped exactly ByteCount bytes (at most 64 MiB, so an int), read-only.
        int bytes = checked((int)size.ByteCount);
        if (source.Size != bytes)
        {
            throw new InvalidOperationException($"a clipboard image grant of {source.Size} bytes for {size.Width}x{size.Height}");
        }

        IAgentGrant memory = Allocator.Allocate(bytes);
        new ReadOnlySpan<byte>((void*)source.Address, bytes).CopyTo(new Span<byte>((void*)memory.Address, bytes));
        return new ImageCopy(size, memory);
    }

    /// <summary>Zeroes the daemon's mapping, then lets go: for a copy that is replaced or cleared, never pasted.</summary>
    public unsafe void Wipe()
    {
        new Span<byte>((void*)_memory.Address, checked((int)_memory.Size)).Clear();
        Dispose();
    }

    /// <summary>
    /// Unmaps and closes the daemon's copy. After a paste the target's agent holds the only
    /// descriptor, so the bytes are its own (zeroing them here could race its read).
    /// </summary>
    public void Dispose() => _memory.Dispose();
}
