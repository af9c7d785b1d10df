using System.Globalization;
using System.Text;
using HybridMargin.Fix.Codec;

namespace HybridMargin.Tests.Fix.Codec;

public class FixValueTests
{
    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    private static void AssertSameDouble(double expected, double actual, string text) =>
        Assert.True(
            BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual),
            $"'{text}': expected {expected:R}, got {actual:R}");

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("-5", -5L)]
    [InlineData("7", 7L)]
    [InlineData("-0", 0L)]
    [InlineData("007", 7L)]
    [InlineData("123456789012345678", 123456789012345678L)]
    [InlineData("999999999999999999", 999999999999999999L)]
    [InlineData("-999999999999999999", -999999999999999999L)]
    public void Int_of_one_to_eighteen_digits_with_optional_minus_and_leading_zeros_is_accepted(string text, long expected)
    {
        Assert.True(FixValue.TryParseInt(Ascii(text), out long value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("1a")]
    [InlineData("a1")]
    [InlineData("+1")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("--1")]
    [InlineData("1-")]
    [InlineData("1.0")]
    [InlineData("1e3")]
    [InlineData("1234567890123456789")]
    [InlineData("-1234567890123456789")]
    [InlineData("9223372036854775807")]
    public void Int_with_anything_but_digits_or_more_than_eighteen_digits_is_refused(string text)
    {
        Assert.False(FixValue.TryParseInt(Ascii(text), out long value));
        Assert.Equal(0, value);
    }

    [Fact]
    public void Random_decimals_of_up_to_15_significant_digits_equal_double_Parse_exactly()
    {
        var rng = new Random(271828);
        var text = new StringBuilder();
        for (int trial = 0; trial < 20_000; trial++)
        {
            text.Clear();
            if (rng.Next(2) == 0)
            {
                text.Append('-');
            }

            // Leading zeros are not significant; then up to 15 digits, with the point anywhere (or nowhere).
            string digits = new string('0', rng.Next(0, 4));
            int significant = rng.Next(1, 16);
            for (int i = 0; i < significant; i++)
            {
                digits += (char)('0' + rng.Next(10));
            }

            int point = rng.Next(0, digits.Length + 2);
            text.Append(point > digits.Length ? digits : digits.Insert(point, "."));
            string s = text.ToString();

            Assert.True(FixValue.TryParseDecimal(Ascii(s), out double value), s);
            AssertSameDouble(double.Parse(s, CultureInfo.InvariantCulture), value, s);
        }
    }

    [Theory]
    [InlineData("0.05", 0.05)]
    [InlineData("-0.5", -0.5)]
    [InlineData("100", 100.0)]
    [InlineData("4512.25", 4512.25)]
    [InlineData("0", 0.0)]
    [InlineData("-0", -0.0)]
    [InlineData("000.100", 0.1)]
    [InlineData("0.000000000000000000000001", 1e-24)]
    [InlineData("1234567890.1234567", 1234567890.1234567)]
    [InlineData("12345678901234567890", 12345678901234567890.0)]
    [InlineData("0.30000000000000004441", 0.30000000000000004)]
    public void Decimal_equals_double_Parse_including_beyond_15_digits_and_tiny_scales(string text, double expected)
    {
        Assert.True(FixValue.TryParseDecimal(Ascii(text), out double value), text);
        AssertSameDouble(expected, value, text);
        AssertSameDouble(double.Parse(text, CultureInfo.InvariantCulture), value, text);
    }

    [Theory]
    [InlineData("1.", 1.0)]
    [InlineData(".5", 0.5)]
    [InlineData("-.5", -0.5)]
    [InlineData("-1.", -1.0)]
    public void Decimal_with_digits_on_one_side_of_the_point_only_is_accepted(string text, double expected)
    {
        Assert.True(FixValue.TryParseDecimal(Ascii(text), out double value), text);
        AssertSameDouble(expected, value, text);
    }

    [Theory]
    [InlineData("1e5")]
    [InlineData("1E5")]
    [InlineData("1.2.3")]
    [InlineData("")]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData("-.")]
    [InlineData("abc")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("+1")]
    [InlineData("1,5")]
    [InlineData("--1")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("12345678901234567.8x")]
    public void Decimal_with_exponent_sign_other_than_minus_spaces_or_no_digit_is_refused(string text)
    {
        Assert.False(FixValue.TryParseDecimal(Ascii(text), out _), text);
    }

    [Theory]
    [InlineData("Y", true)]
    [InlineData("N", false)]
    public void Boolean_is_exactly_Y_or_N(string text, bool expected)
    {
        Assert.True(FixValue.TryParseBoolean(Ascii(text), out bool value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("y")]
    [InlineData("n")]
    [InlineData("YY")]
    [InlineData("YES")]
    [InlineData("1")]
    [InlineData("0")]
    [InlineData("T")]
    public void Boolean_other_than_Y_or_N_is_refused_and_false(string text)
    {
        Assert.False(FixValue.TryParseBoolean(Ascii(text), out bool value));
        Assert.False(value);
    }
}
