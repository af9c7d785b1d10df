namespace HybridMargin.Books;

/// <summary>A book that cannot be used: names the JSON path of the bad input and what is wrong with it.</summary>
public sealed class BookException : Exception
{
    /// <summary>Creates the error for <paramref name="path"/> (e.g. <c>accounts[3].positions[0].qty</c>).</summary>
    public BookException(string path, string problem)
        : base($"{path}: {problem}")
    {
        Path = path;
        Problem = problem;
    }

    /// <summary>Creates the error with an inner cause.</summary>
    public BookException(string path, string problem, Exception inner)
        : base($"{path}: {problem}", inner)
    {
        Path = path;
        Problem = problem;
    }

    /// <summary>JSON path of the offending value (<c>$</c> for the document).</summary>
    public string Path { get; }

    /// <summary>What is wrong, without the path.</summary>
    public string Problem { get; }
}
