using GuiVirt.Protocol.Tests.Rows;

namespace GuiVirt.Protocol.Tests;

/// <summary>Accept and reject rows at every boundary of the header and of every body.</summary>
public class MessageRowTests
{
    public static TheoryData<string, PeerRole, byte[], ProtocolViolation> Headers => HeaderRows.All();

    public static TheoryData<string, PeerRole, byte[], ProtocolViolation> Bodies => BodyRows.All();

    [Theory]
    [MemberData(nameof(Headers))]
    public void Header(string name, PeerRole sender, byte[] message, ProtocolViolation expected) =>
        Assert.True(expected == StreamReading.Outcome(message, sender, new MessageRecorder()), name);

    [Theory]
    [MemberData(nameof(Bodies))]
    public void Body(string name, PeerRole sender, byte[] message, ProtocolViolation expected)
    {
        var recorder = new MessageRecorder();
        ProtocolViolation outcome = StreamReading.Outcome(message, sender, recorder);
        Assert.True(expected == outcome, $"{name}: expected {expected}, got {outcome}");
        Assert.Equal(expected == ProtocolViolation.None ? 1 : 0, recorder.Messages.Count);
    }

    [Fact]
    public void FewerThanTwelveBytesNeedMore()
    {
        byte[] message = WireBytes.Message(MessageType.Create, 1, 0, 0, 1, 1, 0, 0);
        for (int length = 0; length < MessageHeader.Size; length++)
        {
            Assert.False(MessageReader.TryReadMessage(message.AsSpan(0, length), PeerRole.Agent, out _));
        }
    }

    [Fact]
    public void PartialBodyNeedsMoreButTheHeaderIsAlreadyJudged()
    {
        byte[] message = WireBytes.Message(MessageType.Create, 1, 0, 0, 1, 1, 0, 0);
        for (int length = MessageHeader.Size; length < message.Length; length++)
        {
            Assert.False(MessageReader.TryReadMessage(message.AsSpan(0, length), PeerRole.Agent, out _));
        }

        Assert.True(MessageReader.TryReadMessage(message, PeerRole.Agent, out MessageHeader header));
        Assert.Equal(new MessageHeader(MessageType.Create, new WindowId(1), 24), header);

        // A bad header is refused from its 12 bytes alone: nobody waits for a 4 GiB body.
        byte[] huge = WireBytes.Raw((uint)MessageType.ClipboardData, 0, uint.MaxValue, []);
        var error = Assert.Throws<ProtocolViolationException>(() => MessageReader.TryReadMessage(huge, PeerRole.Agent, out _));
        Assert.Equal(ProtocolViolation.BodyTooLarge, error.Violation);
    }

    [Fact]
    public void BackToBackMessagesAreReadInOrder()
    {
        byte[] stream = [
            .. WireBytes.Message(MessageType.Create, 7, 1, 2, 3, 4, 0, 0),
            .. WireBytes.Message(MessageType.Map, 7, 0, 0),
            .. WireBytes.Message(MessageType.ShmImage, 7, 0, 0, 3, 4),
            .. WireBytes.Message(MessageType.Destroy, 7)];
        var recorder = new MessageRecorder();
        Assert.Equal(stream.Length, StreamReading.ReadAll(stream, PeerRole.Agent, recorder));
        Assert.Equal(
            [MessageType.Create, MessageType.Map, MessageType.ShmImage, MessageType.Destroy],
            recorder.Messages.Select(m => m.Type));
        Assert.All(recorder.Messages, m => Assert.Equal(new WindowId(7), m.Window));
    }

    [Fact]
    public void ViolationsCarryTheHeaderForTheLog()
    {
        byte[] message = WireBytes.Message(MessageType.Cursor, 9, 0x1FF);
        var error = Assert.Throws<ProtocolViolationException>(() => StreamReading.ReadAll(message, PeerRole.Agent, new MessageRecorder()));
        Assert.Equal(new MessageHeader(MessageType.Cursor, new WindowId(9), 4), error.Header);
        Assert.Contains("CursorOutOfRange", error.Message, StringComparison.Ordinal);
    }
}
