namespace GuiVirt.Protocol.Tests;

/// <summary>Property: whatever the writer writes, the reader gives back unchanged.</summary>
public class RoundTripTests
{
    public static TheoryData<MessageType, PeerRole> EveryTypeAndSender()
    {
        var data = new TheoryData<MessageType, PeerRole>();
        foreach (PeerRole sender in Enum.GetValues<PeerRole>())
        {
            foreach (MessageType type in RandomMessages.TypesFrom(sender))
            {
                data.Add(type, sender);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryTypeAndSender))]
    public void WriterThenReaderGivesTheSameMessage(MessageType type, PeerRole sender)
    {
        var messages = new RandomMessages(seed: (int)type * 7 + (int)sender);
        for (int i = 0; i < 300; i++)
        {
            (byte[] bytes, WindowId window, object? body) = messages.Next(type, sender);
            var recorder = new MessageRecorder();
            Assert.Equal(bytes.Length, StreamReading.ReadAll(bytes, sender, recorder));
            (MessageType readType, WindowId readWindow, object? readBody) = Assert.Single(recorder.Messages);
            Assert.Equal(type, readType);
            Assert.Equal(window, readWindow);
            Assert.Equal(body, readBody);
        }
    }

    [Fact]
    public void EveryTypeHasAGeneratorAndEveryDirectionIsCovered()
    {
        var covered = EveryTypeAndSender().Select(row => (MessageType)row[0]).ToHashSet();
        Assert.Equal(MessageTypes.All.ToHashSet(), covered);
    }
}
