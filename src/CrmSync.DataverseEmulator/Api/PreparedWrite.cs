using CrmSync.DataverseEmulator.Records;
using CrmSync.DataverseEmulator.Storage;

namespace CrmSync.DataverseEmulator.Api;

/// <summary>
/// A write request already parsed and checked, to be run inside a transaction: alone for a plain request,
/// together with its neighbours for a change set. Parsing first means a bad body fails before anything is written.
/// </summary>
/// <param name="Apply">Runs the write on the session; throws the request's <c>DataverseException</c> when it fails.</param>
/// <param name="Answer">Builds the response from what <paramref name="Apply"/> returned.</param>
/// <param name="EntityId">The URL the answer's OData-EntityId will carry, known before the write runs so a change set's <c>$n</c> can refer to it.</param>
public sealed record PreparedWrite(Func<WriteSession, WriteResult?> Apply, Func<WriteResult?, WebApiResponse> Answer, string? EntityId = null);
