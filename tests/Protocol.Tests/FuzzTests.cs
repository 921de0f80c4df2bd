namespace GuiVirt.Protocol.Tests;

/// <summary>
/// Property: arbitrary bytes only ever produce validated messages or a
/// <see cref="ProtocolViolationException"/>; never another exception, never a hang.
/// </summary>
public class FuzzTests
{
    private const int Inputs = 100_000;

    [Fact]
    public void RandomAndMutatedInputsOnlyGiveMessagesOrViolations()
    {
        var random = new Random(20261128);
        var valid = new RandomMessages(seed: 1);
        var agentTypes = RandomMessages.TypesFrom(PeerRole.Agent);
        var daemonTypes = RandomMessages.TypesFrom(PeerRole.Daemon);
        int accepted = 0, refused = 0, incomplete = 0;
        for (int i = 0; i < Inputs; i++)
        {
            PeerRole sender = i % 2 == 0 ? PeerRole.Agent : PeerRole.Daemon;
            byte[] input = (i % 4) switch
            {
                0 => RandomBytes(random),
                _ => Mutate(random, valid.Next(Pick(random, sender == PeerRole.Agent ? agentTypes : daemonTypes)).Bytes),
            };

            var recorder = new MessageRecorder();
            try
            {
                int consumed = StreamReading.ReadAll(input, sender, recorder);
                if (consumed == input.Length)
                {
                    accepted++;
                }
                else
                {
                    incomplete++;
                }
            }
            catch (ProtocolViolationException e)
            {
                Assert.NotEqual(ProtocolViolation.None, e.Violation);
                refused++;
            }
        }

        // All three outcomes must occur, or the generator is not exploring.
        Assert.True(accepted > 1000 && refused > 1000 && incomplete > 1000, $"accepted {accepted}, refused {refused}, incomplete {incomplete}");
    }

    private static MessageType Pick(Random random, IReadOnlyList<MessageType> types) => types[random.Next(types.Count)];

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 200)];
        random.NextBytes(bytes);
        if (bytes.Length >= 4 && random.Next(2) == 0)
        {
            // Give most inputs a plausible type so the body checks get exercised too.
            BitConverter.TryWriteBytes(bytes, (uint)random.Next(120, 152));
        }

        return bytes;
    }

    private static byte[] Mutate(Random random, byte[] message)
    {
        byte[] mutated = random.Next(8) == 0 ? message[..random.Next(message.Length + 1)] : (byte[])message.Clone();
        int flips = random.Next(0, 4);
        for (int f = 0; f < flips && mutated.Length > 0; f++)
        {
            int at = random.Next(Math.Min(mutated.Length, 64));
            mutated[at] = random.Next(3) switch
            {
                0 => (byte)random.Next(256),
                1 => (byte)(mutated[at] ^ (1 << random.Next(8))),
                _ => 0xFF,
            };
        }

        return random.Next(10) == 0 ? [.. mutated, .. message] : mutated;
    }
}
