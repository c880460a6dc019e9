using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace SocketAnalyzers;

/// <summary>
/// Part of a diagnostic message built from resources whose arguments are themselves localizable: a phrase
/// inside a phrase ("ECONNRESET on Linux and macOS"), or a list joined with a localized separator.
/// <see cref="LocalizableResourceString"/> takes only string arguments, so a message composed from several
/// resources would otherwise freeze its inner parts in the culture of the analyzer, not the one of the reader.
/// Everything is formatted in the culture the diagnostic's message is asked for.
/// </summary>
internal sealed class LocalizedText : LocalizableString
{
    private readonly string _resourceKey;
    private readonly bool _isSeparator;
    private readonly ImmutableArray<object> _parts;

    private LocalizedText(string resourceKey, bool isSeparator, ImmutableArray<object> parts)
    {
        _resourceKey = resourceKey;
        _isSeparator = isSeparator;
        _parts = parts;
    }

    /// <summary>The resource format <paramref name="resourceKey"/> with arguments that are strings or <see cref="LocalizableString"/>s.</summary>
    public static LocalizedText Format(string resourceKey, params object[] arguments) =>
        new LocalizedText(resourceKey, isSeparator: false, arguments.ToImmutableArray());

    /// <summary>The parts (strings or <see cref="LocalizableString"/>s) joined with the resource <paramref name="separatorKey"/>.</summary>
    public static LocalizedText Join(string separatorKey, IEnumerable<object> parts) =>
        new LocalizedText(separatorKey, isSeparator: true, parts.ToImmutableArray());

    protected override string GetText(IFormatProvider? formatProvider)
    {
        // Without a culture, the resource manager picks the current UI culture itself, as LocalizableResourceString does.
        var resource = Resources.ResourceManager.GetString(_resourceKey, formatProvider as CultureInfo) ?? _resourceKey;
        var parts = _parts.Select(part => part is LocalizableString localizable ? localizable.ToString(formatProvider) : Convert.ToString(part, formatProvider)).ToArray();
        return _isSeparator ? string.Join(resource, parts) : string.Format(formatProvider, resource, parts);
    }

    protected override bool AreEqual(object? other) =>
        other is LocalizedText text &&
        text._resourceKey == _resourceKey &&
        text._isSeparator == _isSeparator &&
        text._parts.SequenceEqual(_parts);

    protected override int GetHash()
    {
        var hash = StringComparer.Ordinal.GetHashCode(_resourceKey);
        foreach (var part in _parts)
        {
            hash = unchecked((hash * 31) + (part?.GetHashCode() ?? 0));
        }

        return hash;
    }
}
