namespace HybridMargin.Fix.Codec;

/// <summary>The FIX 4.4 tag numbers this front end reads or writes (names as in the FIX44 data dictionary).</summary>
public static class FixTag
{
#pragma warning disable CS1591 // each constant is the dictionary field of the same name
    public const int Account = 1;
    public const int AvgPx = 6;
    public const int BeginSeqNo = 7;
    public const int BeginString = 8;
    public const int BodyLength = 9;
    public const int CheckSum = 10;
    public const int ClOrdId = 11;
    public const int CumQty = 14;
    public const int EndSeqNo = 16;
    public const int ExecId = 17;
    public const int HandlInst = 21;
    public const int LastPx = 31;
    public const int LastQty = 32;
    public const int MsgSeqNum = 34;
    public const int MsgType = 35;
    public const int NewSeqNo = 36;
    public const int OrderId = 37;
    public const int OrderQty = 38;
    public const int OrdStatus = 39;
    public const int OrdType = 40;
    public const int OrigClOrdId = 41;
    public const int PossDupFlag = 43;
    public const int Price = 44;
    public const int RefSeqNum = 45;
    public const int SenderCompId = 49;
    public const int SendingTime = 52;
    public const int Side = 54;
    public const int Symbol = 55;
    public const int TargetCompId = 56;
    public const int Text = 58;
    public const int TimeInForce = 59;
    public const int TransactTime = 60;
    public const int CxlRejReason = 102;
    public const int OrdRejReason = 103;
    public const int HeartBtInt = 108;
    public const int TestReqId = 112;
    public const int OrigSendingTime = 122;
    public const int GapFillFlag = 123;
    public const int ResetSeqNumFlag = 141;
    public const int ExecType = 150;
    public const int LeavesQty = 151;
    public const int RefTagId = 371;
    public const int RefMsgType = 372;
    public const int SessionRejectReason = 373;
    public const int BusinessRejectRefId = 379;
    public const int BusinessRejectReason = 380;
    public const int CxlRejResponseTo = 434;
    public const int Password = 554;
#pragma warning restore CS1591

    /// <summary>
    /// Whether <paramref name="tag"/> is a NUMINGROUP field of the FIX 4.4 dictionary (NoPartyIDs 453, NoAllocs 78, ...),
    /// i.e. repeating-group entries follow it.
    /// </summary>
    public static bool IsNumInGroup(int tag) => (uint)tag < (uint)(NumInGroupBits.Length * 64) && (NumInGroupBits[tag >> 6] & (1UL << tag)) != 0;

    // Bit t set for every NumInGroup tag t of FIX 4.4 (all below 1024): one load and a mask per field parsed.
    private static ReadOnlySpan<ulong> NumInGroupBits => [0x0000000200000000UL, 0x1000000000204200UL, 0x0000000000040100UL, 0x0000010000800080UL, 0x0000018000001800UL, 0x4000000000000000UL, 0x0000101000004005UL, 0x4000000002000260UL, 0x0000490008400040UL, 0x0008000010000011UL, 0x4000080040000000UL, 0x0012000080000080UL, 0x0001005600002401UL, 0x0080004140000000UL, 0x0110050000000002UL, 0x0000000000000000UL];
}
