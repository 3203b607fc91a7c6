/**
 * Shared by every Leash module: the device-context model captured at device authorization, the note
 * keys under which it is stored with the device code, typed config readers and the clock.
 */
package dev.leash.keycloak.core;
