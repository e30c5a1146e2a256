using System.Globalization;

namespace NfvMano.Descriptors.Tosca;

/// <summary>A YAML node with its position, independent of the YAML library so the rest stays simple.</summary>
internal abstract class YNode
{
    protected YNode(int line, int column)
    {
        Line = line;
        Column = column;
    }

    public int Line { get; }

    public int Column { get; }

    /// <summary>Number of nodes this node stands for once aliases are expanded (saturating).</summary>
    public long Weight { get; protected set; } = 1;
}

internal sealed class YScalar : YNode
{
    public YScalar(string value, bool plain, int line, int column)
        : base(line, column)
    {
        Value = value;
        IsPlain = plain;
    }

    public string Value { get; }

    /// <summary>Unquoted: subject to YAML core-schema resolution (null, booleans, numbers).</summary>
    public bool IsPlain { get; }

    public bool IsNull => IsPlain && (Value.Length == 0 || Value is "~" or "null" or "Null" or "NULL");

    public bool TryGetInt64(out long value) =>
        long.TryParse(Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    public bool TryGetDouble(out double value) =>
        double.TryParse(Value, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    public bool TryGetBoolean(out bool value)
    {
        switch (Value)
        {
            case "true" or "True" or "TRUE":
                value = true;
                return true;
            case "false" or "False" or "FALSE":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    public override string ToString() => Value;
}

internal sealed class YMapping : YNode
{
    private readonly List<KeyValuePair<YScalar, YNode>> _entries = [];

    public YMapping(int line, int column)
        : base(line, column)
    {
    }

    public IReadOnlyList<KeyValuePair<YScalar, YNode>> Entries => _entries;

    public int Count => _entries.Count;

    public void Add(YScalar key, YNode value)
    {
        _entries.Add(new(key, value));
        Weight = YamlLimitsMath.AddSaturating(Weight, value.Weight + 1);
    }

    /// <summary>Adds a value taken from a type's default (positioned where the default was written).</summary>
    public void AddDefault(string key, YNode value)
    {
        lock (_entries)
        {
            if (!ContainsKey(key))
            {
                _entries.Add(new(new YScalar(key, true, value.Line, value.Column), value));
            }
        }
    }

    public YNode? this[string key]
    {
        get
        {
            foreach (var (k, v) in _entries)
            {
                if (k.Value == key)
                {
                    return v;
                }
            }

            return null;
        }
    }

    public bool ContainsKey(string key) => this[key] is not null;
}

internal sealed class YSequence : YNode
{
    private readonly List<YNode> _items = [];

    public YSequence(int line, int column)
        : base(line, column)
    {
    }

    public IReadOnlyList<YNode> Items => _items;

    public void Add(YNode item)
    {
        _items.Add(item);
        Weight = YamlLimitsMath.AddSaturating(Weight, item.Weight);
    }
}

internal static class YamlLimitsMath
{
    public static long AddSaturating(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;
}
