namespace NfvMano.Descriptors.Tosca;

/// <summary>Builds a one-entry mapping, used to turn a 1.2 substitution property reference [input] into get_input.</summary>
internal sealed class YMappingBuilder(string key, YNode value)
{
    public YMapping Build()
    {
        var map = new YMapping(value.Line, value.Column);
        map.Add(new YScalar(key, true, value.Line, value.Column), value);
        return map;
    }
}
