namespace HybridMargin.Fix.Venue;

/// <summary>Receives what the venue did with an order (a FIX session implements it). Callable from any thread.</summary>
public interface IVenueClient
{
    /// <summary>The venue executed <paramref name="quantity"/> at <paramref name="price"/>: applied to positions through the gate, then reported.</summary>
    void OnFill(long orderId, double quantity, double price);

    /// <summary>The venue ended the order's remainder (an IOC or FOK that did not fill): released in the gate, then reported.</summary>
    void OnExpired(long orderId);
}
