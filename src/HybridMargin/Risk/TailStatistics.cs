namespace HybridMargin.Risk;

/// <summary>Empirical VaR and ES of a loss sample (SPEC §4.6) by selection, O(N) instead of a sort.</summary>
public static class TailStatistics
{
    /// <summary>
    /// VaR = the ⌈α·N⌉-th smallest loss (the empirical α-quantile); ES = the mean of the worst round((1 − β)·N)
    /// losses (at least one). Both floored at 0 like the parametric figures. Reorders <paramref name="losses"/>.
    /// </summary>
    public static (double Var, double ExpectedShortfall) Compute(Span<double> losses, double varConfidence, double esConfidence)
    {
        int n = losses.Length;
        if (n == 0)
        {
            return (0, 0);
        }

        int varIndex = Math.Clamp((int)Math.Ceiling(varConfidence * n) - 1, 0, n - 1);
        int tail = Math.Clamp((int)Math.Round((1 - esConfidence) * n), 1, n);

        // Partition so the worst `tail` losses sit at the end, then find the VaR order statistic.
        Select(losses, n - tail);
        double tailSum = 0;
        foreach (double loss in losses[(n - tail)..])
        {
            tailSum += loss;
        }

        double var = varIndex >= n - tail
            ? SelectIn(losses[(n - tail)..], varIndex - (n - tail))
            : SelectIn(losses[..(n - tail)], varIndex);
        return (Math.Max(0, var), Math.Max(0, tailSum / tail));
    }

    private static double SelectIn(Span<double> values, int k)
    {
        Select(values, k);
        return values[k];
    }

    /// <summary>Quickselect (Hoare partition, median-of-three pivot): afterwards values[k] is the k-th smallest, smaller ones before it, larger after.</summary>
    private static void Select(Span<double> values, int k)
    {
        int lo = 0;
        int hi = values.Length - 1;
        while (lo < hi)
        {
            int mid = lo + ((hi - lo) / 2);
            double pivot = Median(values[lo], values[mid], values[hi]);
            int i = lo;
            int j = hi;
            while (i <= j)
            {
                while (values[i] < pivot)
                {
                    i++;
                }

                while (values[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }

            if (k <= j)
            {
                hi = j;
            }
            else if (k >= i)
            {
                lo = i;
            }
            else
            {
                return;
            }
        }
    }

    private static double Median(double a, double b, double c) =>
        Math.Max(Math.Min(a, b), Math.Min(Math.Max(a, b), c));
}
