using GuiVirt.Protocol.Messages;

namespace GuiVirt.GuiDaemon.Session;

/// <summary>
/// File copy messages: each goes to the copy broker with this session as the sender, where the
/// stateful checks are (whose turn it is, sizes, the flow-control window). A qube is never told
/// anything of another's copy but through the broker.
/// </summary>
internal sealed partial class QubeSession
{
    public void OnFileHeader(FileHeader header) => Copies.OnHeader(this, header);

    public void OnFileData(ReadOnlySpan<byte> untrustedBytes) => Copies.OnData(this, untrustedBytes);

    public void OnFileEnd() => Copies.OnEnd(this);

    public void OnFileAck() => Copies.OnAck(this);

    public void OnFileError(FileError error) => Copies.OnError(this, error);

    public void OnFileCancel() => Copies.OnCancel(this);
}
