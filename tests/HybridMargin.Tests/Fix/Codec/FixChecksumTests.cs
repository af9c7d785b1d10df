using HybridMargin.Fix.Codec;

namespace HybridMargin.Tests.Fix.Codec;

public class FixChecksumTests
{
    [Fact]
    public void Vector_checksum_equals_scalar_checksum_for_every_length_up_to_256()
    {
        var rng = new Random(20240611);
        byte[] data = new byte[256 + 64];
        rng.NextBytes(data);

        // Every length, and every start offset within a vector so unaligned loads and every tail size are covered.
        for (int offset = 0; offset < 33; offset++)
        {
            for (int length = 0; length <= 256; length++)
            {
                var bytes = data.AsSpan(offset, length);
                int expected = FixText.Sum(bytes);
                Assert.True(expected == FixChecksum.ComputeScalar(bytes), $"scalar, offset {offset}, length {length}");
                Assert.True(expected == FixChecksum.Compute(bytes), $"vector, offset {offset}, length {length}");
            }
        }
    }

    [Fact]
    public void Checksum_of_all_0xFF_bytes_does_not_overflow_a_lane_up_to_70000_bytes()
    {
        byte[] data = new byte[70_000];
        data.AsSpan().Fill(0xFF);
        var lengths = new List<int>();
        for (int n = 0; n <= 1024; n++)
        {
            lengths.Add(n);
        }

        for (int n = 1025; n <= data.Length; n += 997)
        {
            lengths.Add(n);
        }

        lengths.AddRange([4095, 4096, 4097, 8192, 65_535, 65_536, 65_537, 69_999, 70_000]);
        foreach (int n in lengths)
        {
            var bytes = data.AsSpan(0, n);
            int expected = 255 * n % 256;
            Assert.True(expected == FixChecksum.ComputeScalar(bytes), $"scalar, length {n}");
            Assert.True(expected == FixChecksum.Compute(bytes), $"vector, length {n}");
        }
    }

    [Fact]
    public void Checksum_of_a_known_message_prefix_is_its_byte_sum_modulo_256()
    {
        byte[] message = FixText.Message(FixText.NewOrderSingleBody);
        var beforeTrailer = message.AsSpan(0, message.Length - FixParser.TrailerLength);
        int declared = int.Parse(FixText.Text(message.AsSpan(message.Length - 4, 3)), System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(declared, FixChecksum.Compute(beforeTrailer));
        Assert.Equal(declared, FixChecksum.ComputeScalar(beforeTrailer));
    }
}
