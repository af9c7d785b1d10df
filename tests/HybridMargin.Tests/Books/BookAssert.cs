using HybridMargin.Books;

namespace HybridMargin.Tests.Books;

internal static class BookAssert
{
    /// <summary>Asserts that the book is refused at exactly <paramref name="path"/> with a message mentioning <paramref name="problem"/>.</summary>
    public static BookException Rejects(string json, string path, string problem)
    {
        var error = Assert.Throws<BookException>(() => BookLoader.Parse(json));
        Assert.Equal(path, error.Path);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
        Assert.StartsWith(path + ": ", error.Message, StringComparison.Ordinal);
        return error;
    }
}
