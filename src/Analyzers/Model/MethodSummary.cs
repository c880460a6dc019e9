using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace SocketAnalyzers.Model;

/// <summary>
/// What one method of the compilation does to connections: to the connection fields of its own instance, and
/// to connections passed as arguments; and whether it throws a SocketException itself.
/// </summary>
public sealed class MethodSummary
{
    public static readonly MethodSummary Empty =
        new MethodSummary(ImmutableDictionary<ISymbol, CallEffects>.Empty.WithComparers(SymbolEqualityComparer.Default), ImmutableArray<CallEffects>.Empty, throwsSocketException: false);

    public MethodSummary(ImmutableDictionary<ISymbol, CallEffects> onFields, ImmutableArray<CallEffects> onParameters, bool throwsSocketException)
    {
        OnFields = onFields;
        OnParameters = onParameters;
        ThrowsSocketException = throwsSocketException;
        var onInstance = CallEffects.None;
        foreach (var effect in onFields.Values)
        {
            onInstance |= effect;
        }

        OnInstance = onInstance;
    }

    /// <summary>Effects on connection fields/properties of <c>this</c>, by member.</summary>
    public ImmutableDictionary<ISymbol, CallEffects> OnFields { get; }

    /// <summary>All effects on the instance, seen from a caller that holds the instance as one connection.</summary>
    public CallEffects OnInstance { get; }

    public ImmutableArray<CallEffects> OnParameters { get; }

    public bool ThrowsSocketException { get; }

    public CallEffects OnParameter(int ordinal) =>
        ordinal >= 0 && ordinal < OnParameters.Length ? OnParameters[ordinal] : CallEffects.None;

    public bool IsEmpty => OnInstance == CallEffects.None && !ThrowsSocketException && AllNone(OnParameters);

    private static bool AllNone(ImmutableArray<CallEffects> effects)
    {
        foreach (var effect in effects)
        {
            if (effect != CallEffects.None)
            {
                return false;
            }
        }

        return true;
    }
}
