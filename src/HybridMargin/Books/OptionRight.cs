namespace HybridMargin.Books;

/// <summary>Call or put.</summary>
public enum OptionRight
{
    /// <summary>Right to buy at the strike.</summary>
    Call,

    /// <summary>Right to sell at the strike.</summary>
    Put,
}
