using System.Xml.Linq;
using HybridMargin.Fix.Codec;

namespace HybridMargin.Tests.Fix.Codec;

public sealed class NumInGroupDictionaryTests
{
    [Fact]
    public void Knows_exactly_the_NUMINGROUP_fields_of_the_FIX44_dictionary()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "HybridMargin.sln")))
        {
            dir = dir.Parent;
        }

        var dictionary = XDocument.Load(Path.Combine(dir!.FullName, "tests", "interop", "quickfix", "FIX44.xml"));
        var expected = dictionary.Descendants("fields").Elements("field")
            .Where(f => (string?)f.Attribute("type") == "NUMINGROUP")
            .Select(f => (int)f.Attribute("number")!)
            .ToHashSet();
        Assert.NotEmpty(expected);
        var actual = Enumerable.Range(0, 10_000).Where(FixTag.IsNumInGroup).ToHashSet();
        Assert.Equal(expected.Order(), actual.Order());
    }
}
