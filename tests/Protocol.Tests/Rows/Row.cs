namespace GuiVirt.Protocol.Tests.Rows;

/// <summary>One accept or reject case: a whole message as bytes and what reading it must give.</summary>
internal sealed class RowSet : TheoryData<string, PeerRole, byte[], ProtocolViolation>
{
    public void Accept(string name, PeerRole sender, byte[] message) => Add(name, sender, message, ProtocolViolation.None);

    public void Reject(string name, PeerRole sender, byte[] message, ProtocolViolation expected) => Add(name, sender, message, expected);
}
