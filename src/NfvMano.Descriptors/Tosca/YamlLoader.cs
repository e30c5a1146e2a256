using System.Text;
using NfvMano.Descriptors.Validation;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace NfvMano.Descriptors.Tosca;

/// <summary>
/// Loads one YAML document into <see cref="YNode"/>s, enforcing <see cref="YamlLimits"/>: strict UTF-8,
/// size, nesting depth and alias expansion are checked while reading, so hostile input costs little.
/// </summary>
internal static class YamlLoader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static YNode? Load(ReadOnlySpan<byte> bytes, string file, YamlLimits limits, ProblemList problems)
    {
        if (bytes.Length > limits.MaxFileBytes)
        {
            problems.Add("yaml.too-large", file, $"YAML file is {bytes.Length} bytes, more than the limit of {limits.MaxFileBytes}");
            return null;
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            var offset = ex.Index >= 0 ? $" at byte {ex.Index}" : "";
            problems.Add("yaml.invalid-utf8", file, $"file is not valid UTF-8{offset}");
            return null;
        }

        return Load(text, file, limits, problems);
    }

    public static YNode? Load(string text, string file, YamlLimits limits, ProblemList problems)
    {
        var builder = new Builder(file, limits, problems);
        try
        {
            return builder.Run(new Parser(new StringReader(text)));
        }
        catch (YamlException ex)
        {
            problems.Add(new Problem("yaml.syntax", file, "", (int)ex.Start.Line, (int)ex.Start.Column, $"YAML syntax error: {ex.Message}"));
            return null;
        }
        catch (LimitExceededException ex)
        {
            problems.Add(new Problem(ex.Code, file, "", ex.Line, ex.Column, ex.Message));
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner gives up this way on some malformed input (e.g. an unterminated flow sequence).
            problems.Add(new Problem("yaml.syntax", file, "", builder.LastLine, builder.LastColumn, "YAML syntax error: malformed document after this point"));
            return null;
        }
    }

    private sealed class LimitExceededException(string code, int line, int column, string message) : Exception(message)
    {
        public string Code { get; } = code;

        public int Line { get; } = line;

        public int Column { get; } = column;
    }

    private sealed class Builder(string file, YamlLimits limits, ProblemList problems)
    {
        private readonly Dictionary<string, YNode> _anchors = new(StringComparer.Ordinal);
        private int _aliases;
        private long _nodes;

        public int LastLine { get; private set; } = 1;

        public int LastColumn { get; private set; } = 1;

        public YNode? Run(Parser parser)
        {
            YNode? root = null;
            var documents = 0;
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case DocumentStart:
                        documents++;
                        if (documents > 1)
                        {
                            var at = parser.Current.Start;
                            problems.Add(new Problem("yaml.multiple-documents", file, "", (int)at.Line, (int)at.Column, "a descriptor file must hold exactly one YAML document"));
                            return root;
                        }

                        break;
                    case NodeEvent:
                        root = ReadNode(parser, 1);
                        continue;
                }
            }

            return root;
        }

        // Reads the node at parser.Current and leaves the parser on the event after it.
        private YNode ReadNode(Parser parser, int depth)
        {
            var ev = parser.Current!;
            var line = (int)ev.Start.Line;
            var column = (int)ev.Start.Column;
            LastLine = line;
            LastColumn = column;
            if (depth > limits.MaxDepth)
            {
                throw new LimitExceededException("yaml.too-deep", line, column, $"YAML nesting deeper than {limits.MaxDepth} levels");
            }

            YNode node;
            switch (ev)
            {
                case AnchorAlias alias:
                    if (++_aliases > limits.MaxAliases)
                    {
                        throw new LimitExceededException("yaml.alias-limit", line, column, $"more than {limits.MaxAliases} YAML aliases");
                    }

                    if (!_anchors.TryGetValue(alias.Value.Value, out var target))
                    {
                        throw new LimitExceededException("yaml.syntax", line, column, $"alias *{alias.Value.Value} names no anchor");
                    }

                    parser.MoveNext();
                    Count(target.Weight, line, column);
                    return target;
                case Scalar scalar:
                    node = new YScalar(scalar.Value, scalar.Style == ScalarStyle.Plain, line, column);
                    Count(1, line, column);
                    Remember(scalar, node);
                    parser.MoveNext();
                    return node;
                case SequenceStart seq:
                    {
                        var sequence = new YSequence(line, column);
                        Count(1, line, column);
                        parser.MoveNext();
                        while (parser.Current is not SequenceEnd)
                        {
                            sequence.Add(ReadNode(parser, depth + 1));
                        }

                        parser.MoveNext();
                        Remember(seq, sequence);
                        return sequence;
                    }

                case MappingStart map:
                    {
                        var mapping = new YMapping(line, column);
                        Count(1, line, column);
                        parser.MoveNext();
                        var seen = new HashSet<string>(StringComparer.Ordinal);
                        var merges = new List<YMapping>();
                        while (parser.Current is not MappingEnd)
                        {
                            var keyNode = ReadNode(parser, depth + 1);
                            var value = ReadNode(parser, depth + 1);
                            if (keyNode is not YScalar key)
                            {
                                problems.Add(new Problem("yaml.complex-key", file, "", keyNode.Line, keyNode.Column, "mapping keys must be scalars"));
                                continue;
                            }

                            // YAML 1.1 merge keys ("<<: *defaults") are common in hand-written descriptors.
                            if (key.IsPlain && key.Value == "<<" && (value is YMapping || (value is YSequence list && list.Items.All(i => i is YMapping))))
                            {
                                merges.AddRange(value is YMapping one ? [one] : ((YSequence)value).Items.Cast<YMapping>());
                                continue;
                            }

                            if (!seen.Add(key.Value))
                            {
                                problems.Add(new Problem("yaml.duplicate-key", file, "", key.Line, key.Column, $"duplicate key '{key.Value}'"));
                                continue;
                            }

                            mapping.Add(key, value);
                        }

                        foreach (var source in merges)
                        {
                            foreach (var (k, v) in source.Entries)
                            {
                                if (seen.Add(k.Value))
                                {
                                    mapping.Add(k, v);
                                }
                            }
                        }

                        parser.MoveNext();
                        Remember(map, mapping);
                        return mapping;
                    }

                default:
                    throw new LimitExceededException("yaml.syntax", line, column, $"unexpected YAML event {ev.GetType().Name}");
            }
        }

        private void Remember(NodeEvent ev, YNode node)
        {
            if (!ev.Anchor.IsEmpty)
            {
                _anchors[ev.Anchor.Value] = node;
            }
        }

        private void Count(long weight, int line, int column)
        {
            _nodes = YamlLimitsMath.AddSaturating(_nodes, weight);
            if (_nodes > limits.MaxExpandedNodes)
            {
                throw new LimitExceededException("yaml.alias-explosion", line, column,
                    $"document expands to more than {limits.MaxExpandedNodes} YAML nodes (alias explosion or oversized document)");
            }
        }
    }
}
