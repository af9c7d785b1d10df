using System.Text;
using HybridMargin.Journal;

namespace HybridMargin.Tests.Journal;

public class Crc32CTests
{
    public static TheoryData<string, uint> KnownVectors => new()
    {
        { "", 0x00000000u },
        { "a", 0xC1D04330u },
        { "123456789", 0xE3069283u },
        { "The quick brown fox jumps over the lazy dog", 0x22620404u },
    };

    [Theory]
    [MemberData(nameof(KnownVectors))]
    public void Known_ascii_vectors_match_on_every_path(string text, uint expected)
    {
        byte[] data = Encoding.ASCII.GetBytes(text);
        Assert.Equal(expected, Crc32C.Compute(data));
        Assert.Equal(expected, Crc32C.ComputeScalar(data));
    }

    [Fact]
    public void Rfc3720_iscsi_vectors_match()
    {
        byte[] zeros = new byte[32];
        byte[] ones = Enumerable.Repeat((byte)0xFF, 32).ToArray();
        byte[] ascending = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        byte[] descending = Enumerable.Range(0, 32).Select(i => (byte)(31 - i)).ToArray();

        foreach (Func<byte[], uint> crc in new Func<byte[], uint>[] { d => Crc32C.Compute(d), d => Crc32C.ComputeScalar(d) })
        {
            Assert.Equal(0x8A9136AAu, crc(zeros));
            Assert.Equal(0x62A8AB43u, crc(ones));
            Assert.Equal(0x46DD794Eu, crc(ascending));
            Assert.Equal(0x113FDB5Cu, crc(descending));
        }
    }

    [Fact]
    public void Hardware_and_scalar_paths_agree_on_every_length_from_0_to_256_at_every_alignment()
    {
        var random = new Random(20261124);
        byte[] data = new byte[256 + 8];
        for (int length = 0; length <= 256; length++)
        {
            random.NextBytes(data);
            for (int offset = 0; offset < 8; offset++)
            {
                ReadOnlySpan<byte> slice = data.AsSpan(offset, length);
                uint scalar = Crc32C.ComputeScalar(slice);
                Assert.Equal(scalar, Crc32C.Compute(slice));
                if (Crc32C.IsHardwareAccelerated)
                {
                    Assert.Equal(scalar, Crc32C.ComputeHardware(slice));
                }
            }
        }
    }
}
