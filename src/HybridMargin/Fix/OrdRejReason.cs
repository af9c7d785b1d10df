using HybridMargin.Engine;

namespace HybridMargin.Fix;

/// <summary>The FIX codes a rejection is sent with (tags 103, 102 and 380).</summary>
public static class OrdRejReason
{
    /// <summary>
    /// OrdRejReason (103) for a SPEC §5 reject code. <paramref name="fix44Only"/> keeps to the FIX 4.4 dictionary,
    /// which lacks 16 (price band, a FIX 5.0 value): 99 is sent instead and the Text (58) names the reason.
    /// </summary>
    public static int For(RejectCode code, bool quantityInvalid, bool fix44Only) => code switch
    {
        RejectCode.UnknownInstrument => 1,
        RejectCode.OrderTooLarge or RejectCode.PositionLimit => 3,
        RejectCode.DuplicateOrder => 6,
        RejectCode.InvalidOrder when quantityInvalid => 13,
        RejectCode.UnknownAccount => 15,
        RejectCode.PriceOutOfBand => fix44Only ? 99 : 16,
        _ => 99,
    };

    /// <summary>CxlRejReason (102) for a refused cancel or replace.</summary>
    public static int ForCancel(RejectCode code) => code switch
    {
        RejectCode.UnknownOrder => 1,
        RejectCode.DuplicateOrder => 6,
        _ => 99,
    };

    /// <summary>BusinessRejectReason (380) for throttling: 8 (a FIX 5.0 value), or 0 (Other) when keeping to the FIX 4.4 dictionary.</summary>
    public static int Throttle(bool fix44Only) => fix44Only ? 0 : 8;
}
