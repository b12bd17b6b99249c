<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>CertificateDialog</name>
    <message>
        <source>Unknown server certificate</source>
        <translation>Unbekanntes Serverzertifikat</translation>
    </message>
    <message>
        <source>&lt;p&gt;This is the first connection to &lt;b&gt;%1&lt;/b&gt;. Its certificate is not known yet.&lt;/p&gt;&lt;p&gt;Compare this SHA-256 fingerprint with the one the server printed when it started (or ask its operator):&lt;/p&gt;</source>
        <translation>&lt;p&gt;Dies ist die erste Verbindung mit &lt;b&gt;%1&lt;/b&gt;. Sein Zertifikat ist noch nicht bekannt.&lt;/p&gt;&lt;p&gt;Vergleichen Sie diesen SHA-256-Fingerabdruck mit dem, den der Server beim Start ausgegeben hat (oder fragen Sie seinen Betreiber):&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Explanation</source>
        <translation>Erklärung</translation>
    </message>
    <message>
        <source>SHA-256 fingerprint</source>
        <translation>SHA-256-Fingerabdruck</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Entscheidung</translation>
    </message>
    <message>
        <source>Trust and &amp;remember</source>
        <translation>Vertrauen und &amp;merken</translation>
    </message>
    <message>
        <source>Trust &amp;once</source>
        <translation>&amp;Einmal vertrauen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Server certificate changed</source>
        <translation>Serverzertifikat geändert</translation>
    </message>
    <message>
        <source>The certificate of %1 is not the one you trusted before, so Confab did not connect.</source>
        <translation>Das Zertifikat von %1 ist nicht das, dem Sie zuvor vertraut haben; Confab hat daher keine Verbindung aufgebaut.</translation>
    </message>
    <message>
        <source>Trusted before:
%1

Presented now:
%2

Someone may be intercepting the connection, or the server got a new certificate. Ask its operator; if the change is expected, remove the old pin from the trust store file and connect again.</source>
        <translation>Bisher vertraut:
%1

Jetzt vorgelegt:
%2

Jemand könnte die Verbindung abfangen, oder der Server hat ein neues Zertifikat. Fragen Sie seinen Betreiber; ist die Änderung erwartet, entfernen Sie den alten Eintrag aus der Datei der vertrauten Server und verbinden Sie sich erneut.</translation>
    </message>
</context>
<context>
    <name>ChatInput</name>
    <message>
        <source>Message, or /help for commands</source>
        <translation>Nachricht, oder /help für Befehle</translation>
    </message>
    <message>
        <source>Message input</source>
        <translation>Nachrichteneingabe</translation>
    </message>
</context>
<context>
    <name>Confab::Client::ChatClient</name>
    <message>
        <source>The server&apos;s certificate changed since you last connected to %1.
Pinned:    %2
Presented: %3
This can mean someone is intercepting the connection, or that the server&apos;s administrator replaced its certificate. Not connected, and no automatic reconnection. If you know the change is expected, forget the old certificate and connect again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not sent: the client connected to another server or as another user.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server at %1 does not speak version %2 of the Confab protocol.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server at %1 refused the connection: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Login as %1 refused: %2</source>
        <translation>Anmeldung als %1 abgelehnt: %2</translation>
    </message>
    <message>
        <source>Unknown request type: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not connect to %1: %2</source>
        <translation>Keine Verbindung mit %1 möglich: %2</translation>
    </message>
    <message>
        <source>The server stopped answering.</source>
        <translation>Der Server antwortet nicht mehr.</translation>
    </message>
    <message>
        <source>The connection was lost before the server answered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not rejoin the rooms: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not fetch the messages missed while offline: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected to a server.</source>
        <translation>Nicht mit einem Server verbunden.</translation>
    </message>
    <message>
        <source>Not sent: %1 requests are already waiting for the connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request is larger than a frame may be (%1 bytes).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Confab::Client::ChatSession</name>
    <message>
        <source>Room #%1 created.</source>
        <translation>Raum #%1 erstellt.</translation>
    </message>
    <message>
        <source>#%1 was deleted by %2.</source>
        <translation>#%1 wurde von %2 gelöscht.</translation>
    </message>
    <message>
        <source>%1 joined.</source>
        <translation>%1 ist beigetreten.</translation>
    </message>
    <message>
        <source>%1 left.</source>
        <translation>%1 ist gegangen.</translation>
    </message>
    <message>
        <source>%1 set the topic: %2</source>
        <translation>%1 hat das Thema gesetzt: %2</translation>
    </message>
    <message>
        <source>Server: %1</source>
        <translation>Server: %1</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>%1 (direct message)</source>
        <translation>%1 (Direktnachricht)</translation>
    </message>
    <message>
        <source>%1 in #%2</source>
        <translation>%1 in #%2</translation>
    </message>
    <message>
        <source>/join room[,room…]: join rooms (made when new) and show the first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>/leave [room]: leave this room or the one named</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>/msg user text: send a direct message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>/topic text: set this room&apos;s topic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>/create room [topic]: make a room and join it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>/rename name: change your display name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>/help: this list. Start a message with // to send a leading slash.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Join a room first: /join room</source>
        <translation>Treten Sie zuerst einem Raum bei: /join raum</translation>
    </message>
    <message>
        <source>IPK24 servers have no direct messages.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IPK24 servers keep you in one channel: /join another one to leave this one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>/%1 is not available on IPK24 servers: they have channels without topics, made when someone joins them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>/leave works in a room.</source>
        <translation>/leave funktioniert in einem Raum.</translation>
    </message>
    <message>
        <source>/topic works in a room.</source>
        <translation>/topic funktioniert in einem Raum.</translation>
    </message>
    <message>
        <source>You are now %1.</source>
        <translation>Sie sind jetzt %1.</translation>
    </message>
    <message>
        <source>/%1 needs more: see /help.</source>
        <translation>/%1 braucht mehr Angaben: siehe /help.</translation>
    </message>
    <message>
        <source>Unknown command /%1: see /help.</source>
        <translation>Unbekannter Befehl /%1: siehe /help.</translation>
    </message>
    <message>
        <source>IPK24 TCP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IPK24 UDP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confab TLS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confab</source>
        <translation type="unfinished">Confab</translation>
    </message>
    <message>
        <source>Disconnected</source>
        <translation>Getrennt</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbinde…</translation>
    </message>
    <message>
        <source>Securing the connection…</source>
        <translation>Sichere die Verbindung…</translation>
    </message>
    <message>
        <source>Logging in…</source>
        <translation>Melde an…</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Verbunden</translation>
    </message>
    <message>
        <source>Reconnecting…</source>
        <translation>Verbinde erneut…</translation>
    </message>
    <message>
        <source>/direct user: a direct peer-to-peer chat, not through the server</source>
        <translation>/direct benutzer: ein direkter Peer-to-Peer-Chat, nicht über den Server</translation>
    </message>
    <message>
        <source>A direct chat needs someone else.</source>
        <translation>Ein Direktchat braucht jemand anderen.</translation>
    </message>
</context>
<context>
    <name>Confab::Client::ClientConnection</name>
    <message>
        <source>%1 did not answer within %2 seconds.</source>
        <translation>%1 hat nicht innerhalb von %2 Sekunden geantwortet.</translation>
    </message>
    <message>
        <source>The server closed the connection.</source>
        <translation>Der Server hat die Verbindung geschlossen.</translation>
    </message>
    <message>
        <source>TLS is not available on this system (no OpenSSL backend).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server presented no certificate.</source>
        <translation>Der Server hat kein Zertifikat vorgelegt.</translation>
    </message>
    <message>
        <source>The server sent a frame over the limit of %1 bytes.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Confab::Client::ConversationListModel</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message numerus="yes">
        <source>%1, %n unread</source>
        <translation>
            <numerusform>%1, %n ungelesen</numerusform>
            <numerusform>%1, %n ungelesen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Confab::Client::IpkConnection</name>
    <message>
        <source>%1 did not answer within %2 seconds.</source>
        <translation type="unfinished">%1 hat nicht innerhalb von %2 Sekunden geantwortet.</translation>
    </message>
    <message>
        <source>The server did not answer the %1 within %2 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot find the server %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server sent a malformed message: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server closed the connection.</source>
        <translation type="unfinished">Der Server hat die Verbindung geschlossen.</translation>
    </message>
    <message>
        <source>The display name is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You left the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IPK24 servers keep you in exactly one channel: join another one to leave this one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IPK24 servers make a channel when someone joins it: use /join instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IPK24 servers remove a channel when its last member leaves; it cannot be deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IPK24 channels have no topic.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IPK24 servers do not list a channel&apos;s members.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IPK24 servers do not list their channels.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IPK24 servers keep no history to search.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IPK24 servers have no away or busy status.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IPK24 servers cannot do this (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IPK24 usernames (1 to 20) and secrets (1 to 128) may only hold letters A-Z, digits and &apos;-&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IPK24 channel names are 1 to 20 letters A-Z, digits or &apos;-&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IPK24 servers have no direct messages.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IPK24 servers carry one channel at a time: you are in #%1, not #%2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The message is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server reported an error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server ended the session.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server sent an unexpected %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server sent a REPLY that no AUTH or JOIN was waiting for.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server did not let you join #%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server sent a MSG before accepting the login.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Confab::Client::MemberListModel</name>
    <message>
        <source>%1 (busy)</source>
        <translation>%1 (beschäftigt)</translation>
    </message>
    <message>
        <source>%1 (away)</source>
        <translation>%1 (abwesend)</translation>
    </message>
    <message>
        <source>%1 via %2</source>
        <translation>%1 über %2</translation>
    </message>
</context>
<context>
    <name>Confab::Client::MessageListModel</name>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Confab::Direct::DirectChat</name>
    <message>
        <source>Waiting for %1 to answer…</source>
        <translation>Warte auf die Antwort von %1…</translation>
    </message>
    <message>
        <source>%1 asks for a direct chat. Accept to connect to %1&apos;s computer directly: your messages will not pass through the server.</source>
        <translation>%1 bittet um einen Direktchat. Nimm an, um dich direkt mit dem Rechner von %1 zu verbinden: deine Nachrichten laufen dann nicht über den Server.</translation>
    </message>
    <message>
        <source>Earlier direct chats with %1 are above.</source>
        <translation>Frühere Direktchats mit %1 stehen darüber.</translation>
    </message>
    <message>
        <source>Connected directly to %1; messages no longer pass through the server.</source>
        <translation>Direkt mit %1 verbunden; Nachrichten laufen nicht mehr über den Server.</translation>
    </message>
    <message>
        <source>%1 ended the chat.</source>
        <translation>%1 hat den Chat beendet.</translation>
    </message>
    <message>
        <source>You ended the chat.</source>
        <translation>Du hast den Chat beendet.</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) did not reach %1; you can send them through the server.</source>
        <translation><numerusform>%n Nachricht hat %1 nicht erreicht; du kannst sie über den Server senden.</numerusform><numerusform>%n Nachrichten haben %1 nicht erreicht; du kannst sie über den Server senden.</numerusform></translation>
    </message>
    <message>
        <source>Direct chat between %1 and %2</source>
        <translation>Direktchat zwischen %1 und %2</translation>
    </message>
</context>
<context>
    <name>Confab::Direct::DirectChatManager</name>
    <message>
        <source>Cannot make the certificate for direct chats: %1</source>
        <translation>Das Zertifikat für Direktchats kann nicht erstellt werden: %1</translation>
    </message>
    <message>
        <source>The direct chat was cancelled.</source>
        <translation>Der Direktchat wurde abgebrochen.</translation>
    </message>
    <message>
        <source>Could not connect directly to %1 (a firewall or NAT may be in the way). You can continue through the server instead.</source>
        <translation>Keine direkte Verbindung zu %1 möglich (vielleicht steht eine Firewall oder NAT im Weg). Du kannst stattdessen über den Server weiterschreiben.</translation>
    </message>
    <message>
        <source>Direct chat is not possible: %1</source>
        <translation>Direktchat nicht möglich: %1</translation>
    </message>
    <message>
        <source>The server did not pass the offer on: %1</source>
        <translation>Der Server hat das Angebot nicht weitergegeben: %1</translation>
    </message>
    <message>
        <source>%1 did not answer.</source>
        <translation>%1 hat nicht geantwortet.</translation>
    </message>
    <message>
        <source>Connecting directly to %1…</source>
        <translation>Verbinde direkt mit %1…</translation>
    </message>
    <message>
        <source>Could not connect directly to %1: %2</source>
        <translation>Keine direkte Verbindung zu %1: %2</translation>
    </message>
    <message>
        <source>You declined.</source>
        <translation>Du hast abgelehnt.</translation>
    </message>
    <message>
        <source>You cancelled the direct chat.</source>
        <translation>Du hast den Direktchat abgebrochen.</translation>
    </message>
    <message>
        <source>Continued through the server.</source>
        <translation>Über den Server fortgesetzt.</translation>
    </message>
    <message>
        <source>%1 is busy and cannot take a direct chat now.</source>
        <translation>%1 ist beschäftigt und kann gerade keinen Direktchat annehmen.</translation>
    </message>
    <message>
        <source>%1 declined the direct chat.</source>
        <translation>%1 hat den Direktchat abgelehnt.</translation>
    </message>
    <message>
        <source>%1 declined the direct chat: %2</source>
        <translation>%1 hat den Direktchat abgelehnt: %2</translation>
    </message>
    <message>
        <source>%1 accepted; connecting directly…</source>
        <translation>%1 hat angenommen; verbinde direkt…</translation>
    </message>
    <message>
        <source>Your certificate does not match the one your server announced.</source>
        <translation>Dein Zertifikat passt nicht zu dem, das dein Server angekündigt hat.</translation>
    </message>
    <message>
        <source>Someone with the invitation to %1 but another certificate tried to connect and was refused. You can continue through the server.</source>
        <translation>Jemand mit der Einladung an %1, aber einem anderen Zertifikat, wollte sich verbinden und wurde abgewiesen. Du kannst über den Server weiterschreiben.</translation>
    </message>
    <message>
        <source>The offer from %1 expired.</source>
        <translation>Das Angebot von %1 ist abgelaufen.</translation>
    </message>
    <message>
        <source>You answered on another device.</source>
        <translation>Du hast auf einem anderen Gerät geantwortet.</translation>
    </message>
    <message>
        <source>%1 left the server.</source>
        <translation>%1 hat den Server verlassen.</translation>
    </message>
    <message>
        <source>%1 withdrew the offer.</source>
        <translation>%1 hat das Angebot zurückgezogen.</translation>
    </message>
    <message>
        <source>This invitation is not valid (any more).</source>
        <translation>Diese Einladung ist (nicht mehr) gültig.</translation>
    </message>
    <message>
        <source>This invitation is for someone else.</source>
        <translation>Diese Einladung gilt jemand anderem.</translation>
    </message>
</context>
<context>
    <name>ConnectDialog</name>
    <message>
        <source>Connect to a Confab server</source>
        <translation>Mit einem Confab-Server verbinden</translation>
    </message>
    <message>
        <source>&amp;Profile:</source>
        <translation>&amp;Profil:</translation>
    </message>
    <message>
        <source>Saved server profiles</source>
        <translation>Gespeicherte Serverprofile</translation>
    </message>
    <message>
        <source>&amp;Forget</source>
        <translation>Ver&amp;gessen</translation>
    </message>
    <message>
        <source>Remove this profile from the list</source>
        <translation>Dieses Profil aus der Liste entfernen</translation>
    </message>
    <message>
        <source>Forget profile</source>
        <translation>Profil vergessen</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>&amp;Server:</translation>
    </message>
    <message>
        <source>chat.example.org</source>
        <translation>chat.example.org</translation>
    </message>
    <message>
        <source>Server host</source>
        <translation>Serveradresse</translation>
    </message>
    <message>
        <source>Server port</source>
        <translation>Serverport</translation>
    </message>
    <message>
        <source>&amp;Username:</source>
        <translation>&amp;Benutzername:</translation>
    </message>
    <message>
        <source>Letters, digits and &apos;-&apos;, up to 20. The first login registers it.</source>
        <translation>Buchstaben, Ziffern und &apos;-&apos;, höchstens 20. Die erste Anmeldung registriert ihn.</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <source>&amp;Display name:</source>
        <translation>&amp;Anzeigename:</translation>
    </message>
    <message>
        <source>Same as the username</source>
        <translation>Wie der Benutzername</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>Anzeigename</translation>
    </message>
    <message>
        <source>S&amp;ecret:</source>
        <translation>&amp;Kennwort:</translation>
    </message>
    <message>
        <source>Secret</source>
        <translation>Kennwort</translation>
    </message>
    <message>
        <source>&amp;Remember the secret on this computer</source>
        <translation>Kennwort auf diesem Computer &amp;merken</translation>
    </message>
    <message>
        <source>The secret is then stored in plain text in Confab&apos;s settings file, readable by anyone who can read your files. No system keyring is used: QtKeychain is not packaged for Qt 6 in Debian.</source>
        <translation>Das Kennwort steht dann im Klartext in der Einstellungsdatei von Confab und ist für alle lesbar, die Ihre Dateien lesen können. Es wird kein Schlüsselbund des Systems verwendet: QtKeychain gibt es in Debian nicht für Qt 6.</translation>
    </message>
    <message>
        <source>Remember the secret</source>
        <translation>Kennwort merken</translation>
    </message>
    <message>
        <source>Confab servers offer rooms, direct messages, history and search; TLS encrypts the connection and pins the server&apos;s certificate on first use. Any IPK24-CHAT server can be reached over TCP or UDP, with messages in one channel at a time only.</source>
        <translation>Confab-Server bieten Räume, Direktnachrichten, Verlauf und Suche; TLS verschlüsselt die Verbindung und merkt sich das Zertifikat des Servers bei der ersten Verbindung. Jeder IPK24-CHAT-Server ist über TCP oder UDP erreichbar, dann nur mit Nachrichten in jeweils einem Kanal.</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>IPK24 servers carry only messages, in one channel at a time: no encryption, history, direct messages, topics, member lists or search.</source>
        <translation>IPK24-Server übertragen nur Nachrichten, in jeweils einem Kanal: ohne Verschlüsselung, Verlauf, Direktnachrichten, Themen, Mitgliederlisten oder Suche.</translation>
    </message>
    <message>
        <source>Protocol limits</source>
        <translation>Grenzen des Protokolls</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>Dialog buttons</source>
        <translation>Dialogschaltflächen</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>&amp;Verbinden</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Verbinden</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Confab (TLS)</source>
        <translation>Confab (TLS)</translation>
    </message>
    <message>
        <source>Confab (plain)</source>
        <translation>Confab (unverschlüsselt)</translation>
    </message>
    <message>
        <source>IPK24 over TCP</source>
        <translation>IPK24 über TCP</translation>
    </message>
    <message>
        <source>IPK24 over UDP</source>
        <translation>IPK24 über UDP</translation>
    </message>
    <message>
        <source>Pro&amp;tocol:</source>
        <translation>Pro&amp;tokoll:</translation>
    </message>
</context>
<context>
    <name>CreateRoomDialog</name>
    <message>
        <source>Create a room</source>
        <translation>Einen Raum erstellen</translation>
    </message>
    <message>
        <source>Room name</source>
        <translation>Raumname</translation>
    </message>
    <message>
        <source>Letters, digits and &apos;-&apos;, up to 20, so IPK24 users can join too.</source>
        <translation>Buchstaben, Ziffern und &apos;-&apos;, höchstens 20, damit auch IPK24-Nutzer beitreten können.</translation>
    </message>
    <message>
        <source>Problem with the room name</source>
        <translation>Problem mit dem Raumnamen</translation>
    </message>
    <message>
        <source>Room topic</source>
        <translation>Thema des Raums</translation>
    </message>
    <message>
        <source>Dialog buttons</source>
        <translation>Dialogschaltflächen</translation>
    </message>
    <message>
        <source>&amp;Create</source>
        <translation>&amp;Erstellen</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Topic:</source>
        <translation>&amp;Thema:</translation>
    </message>
    <message>
        <source>Give the room a name.</source>
        <translation>Geben Sie dem Raum einen Namen.</translation>
    </message>
    <message>
        <source>A room name has at most 20 characters.</source>
        <translation>Ein Raumname hat höchstens 20 Zeichen.</translation>
    </message>
    <message>
        <source>Use only letters (A–Z), digits and &apos;-&apos; in a room name, so IPK24 users can join too.</source>
        <translation>Verwenden Sie im Raumnamen nur Buchstaben (A–Z), Ziffern und &apos;-&apos;, damit auch IPK24-Nutzer beitreten können.</translation>
    </message>
</context>
<context>
    <name>DirectChatController</name>
    <message>
        <source>Direct chat offer</source>
        <translation>Angebot für einen Direktchat</translation>
    </message>
    <message>
        <source>%1 wants to chat with you directly (peer-to-peer).</source>
        <translation>%1 möchte direkt mit Ihnen chatten (Peer-to-Peer).</translation>
    </message>
</context>
<context>
    <name>DirectChatSettingsDialog</name>
    <message>
        <source>Direct chat settings</source>
        <translation>Einstellungen für Direktchats</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>Automatisch</translation>
    </message>
    <message>
        <source>Port for direct chats</source>
        <translation>Port für Direktchats</translation>
    </message>
    <message>
        <source>Other Confab users connect to this port for direct chats. Automatic lets the system pick a free one; choose a fixed one to forward it in a router.</source>
        <translation>Andere Confab-Benutzer verbinden sich für Direktchats mit diesem Port. Mit „Automatisch“ wählt das System einen freien; wählen Sie einen festen, um ihn im Router weiterzuleiten.</translation>
    </message>
    <message>
        <source>Direct chat port status</source>
        <translation>Status des Direktchat-Ports</translation>
    </message>
    <message>
        <source>&amp;Port for direct chats:</source>
        <translation>&amp;Port für Direktchats:</translation>
    </message>
    <message>
        <source>Listening for direct chats on port %1.</source>
        <translation>Bereit für Direktchats an Port %1.</translation>
    </message>
    <message>
        <source>Not listening for direct chats.</source>
        <translation>Nicht bereit für Direktchats.</translation>
    </message>
</context>
<context>
    <name>DirectChatWindow</name>
    <message>
        <source>&amp;Accept</source>
        <translation>&amp;Annehmen</translation>
    </message>
    <message>
        <source>&amp;Decline</source>
        <translation>A&amp;blehnen</translation>
    </message>
    <message>
        <source>&amp;Save…</source>
        <translation>&amp;Speichern…</translation>
    </message>
    <message>
        <source>&amp;End chat</source>
        <translation>Chat b&amp;eenden</translation>
    </message>
    <message>
        <source>Direct chat with %1</source>
        <translation>Direktchat mit %1</translation>
    </message>
    <message>
        <source>Direct chat status</source>
        <translation>Status des Direktchats</translation>
    </message>
    <message>
        <source>Direct messages</source>
        <translation>Nachrichten des Direktchats</translation>
    </message>
    <message>
        <source>Direct message input</source>
        <translation>Eingabe für den Direktchat</translation>
    </message>
    <message>
        <source>Message %1 directly</source>
        <translation>Direkt an %1 schreiben</translation>
    </message>
    <message>
        <source>Accept the direct chat</source>
        <translation>Den Direktchat annehmen</translation>
    </message>
    <message>
        <source>Decline the direct chat</source>
        <translation>Den Direktchat ablehnen</translation>
    </message>
    <message>
        <source>Save the conversation</source>
        <translation>Die Unterhaltung speichern</translation>
    </message>
    <message>
        <source>End the direct chat</source>
        <translation>Den Direktchat beenden</translation>
    </message>
    <message>
        <source>Continue through the server</source>
        <translation>Über den Server weiter</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>Abb&amp;rechen</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) waiting.</source>
        <translation>
            <numerusform>%n Nachricht wartet.</numerusform>
            <numerusform>%n Nachrichten warten.</numerusform>
        </translation>
    </message>
    <message>
        <source>direct-chat-%1.txt</source>
        <translation>direktchat-%1.txt</translation>
    </message>
    <message>
        <source>Plain text (*.txt);;Web page (*.html)</source>
        <translation>Reiner Text (*.txt);;Webseite (*.html)</translation>
    </message>
    <message>
        <source>Could not save</source>
        <translation>Speichern nicht möglich</translation>
    </message>
    <message>
        <source>Continue &amp;through the server</source>
        <translation>Über den Server &amp;weiter</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Confab</source>
        <translation>Confab</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>Chat</translation>
    </message>
    <message>
        <source>Panes</source>
        <translation>Bereiche</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>Unterhaltungen</translation>
    </message>
    <message>
        <source>Conversation</source>
        <translation>Unterhaltung</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Thema</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Nachrichten</translation>
    </message>
    <message>
        <source>Message input</source>
        <translation>Nachrichteneingabe</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>Mitglieder</translation>
    </message>
    <message>
        <source>Menu bar</source>
        <translation>Menüleiste</translation>
    </message>
    <message>
        <source>&amp;Chat</source>
        <translation>&amp;Chat</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>&amp;Connect…</source>
        <translation>&amp;Verbinden…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+O</source>
        <translation>Ctrl+Shift+O</translation>
    </message>
    <message>
        <source>D&amp;isconnect</source>
        <translation>&amp;Trennen</translation>
    </message>
    <message>
        <source>Close the connection; what you type meanwhile waits to be sent</source>
        <translation>Die Verbindung schließen; was Sie inzwischen schreiben, wird später gesendet</translation>
    </message>
    <message>
        <source>&amp;Switch conversation…</source>
        <translation>&amp;Unterhaltung wechseln…</translation>
    </message>
    <message>
        <source>Ctrl+K</source>
        <translation>Ctrl+K</translation>
    </message>
    <message>
        <source>Search &amp;history…</source>
        <translation>Verlauf &amp;durchsuchen…</translation>
    </message>
    <message>
        <source>Ctrl+F</source>
        <translation>Ctrl+F</translation>
    </message>
    <message>
        <source>C&amp;reate room…</source>
        <translation>Raum &amp;erstellen…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+N</source>
        <translation>Ctrl+Shift+N</translation>
    </message>
    <message>
        <source>&amp;Delete this room…</source>
        <translation>Diesen Raum &amp;löschen…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Ctrl+Q</source>
        <translation>Ctrl+Q</translation>
    </message>
    <message>
        <source>Connection state</source>
        <translation>Verbindungsstatus</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Latenz</translation>
    </message>
    <message>
        <source>Reconnecting (attempt %1, in %2 s)…</source>
        <translation>Neue Verbindung (Versuch %1, in %2 s)…</translation>
    </message>
    <message>
        <source>%1 on %2 — Confab</source>
        <translation>%1 auf %2 — Confab</translation>
    </message>
    <message>
        <source>#%1 on an IPK24 server: one channel at a time, without topics, member list, history or direct messages.</source>
        <translation>#%1 auf einem IPK24-Server: immer nur ein Kanal, ohne Thema, Mitgliederliste, Verlauf oder Direktnachrichten.</translation>
    </message>
    <message>
        <source>Direct messages with %1</source>
        <translation>Direktnachrichten mit %1</translation>
    </message>
    <message>
        <source>#%1 has no topic (set one with /topic)</source>
        <translation>#%1 hat kein Thema (mit /topic festlegen)</translation>
    </message>
    <message>
        <source>That message is no longer in the history.</source>
        <translation>Diese Nachricht ist nicht mehr im Verlauf.</translation>
    </message>
    <message>
        <source>Un&amp;mute notifications</source>
        <translation>Benachrichtigungen &amp;wieder einschalten</translation>
    </message>
    <message>
        <source>&amp;Mute notifications</source>
        <translation>Benachrichtigungen &amp;stummschalten</translation>
    </message>
    <message>
        <source>&amp;Leave #%1</source>
        <translation>#%1 &amp;verlassen</translation>
    </message>
    <message>
        <source>&amp;Delete #%1…</source>
        <translation>#%1 &amp;löschen…</translation>
    </message>
    <message>
        <source>Delete a room</source>
        <translation>Einen Raum löschen</translation>
    </message>
    <message>
        <source>Delete #%1 for everyone? Its members are moved to the default room.</source>
        <translation>#%1 für alle löschen? Seine Mitglieder kommen in den Standardraum.</translation>
    </message>
    <message>
        <source>%1 (%2) to %3 as %4</source>
        <translation>%1 (%2) mit %3 als %4</translation>
    </message>
    <message>
        <source>%1 to %2 as %3</source>
        <translation>%1 mit %2 als %3</translation>
    </message>
    <message numerus="yes">
        <source> (%n message(s) waiting)</source>
        <translation>
            <numerusform> (%n Nachricht wartet)</numerusform>
            <numerusform> (%n Nachrichten warten)</numerusform>
        </translation>
    </message>
    <message>
        <source>Latency: %1 ms</source>
        <translation>Latenz: %1 ms</translation>
    </message>
    <message>
        <source>Direct chat se&amp;ttings…</source>
        <translation>Direktchat-Ein&amp;stellungen…</translation>
    </message>
</context>
<context>
    <name>MemberActions</name>
    <message>
        <source>Actions for %1</source>
        <translation>Aktionen für %1</translation>
    </message>
    <message>
        <source>Send a direct &amp;message</source>
        <translation>Direkt&amp;nachricht senden</translation>
    </message>
    <message>
        <source>Direct &amp;chat (peer-to-peer)…</source>
        <translation>Direkt&amp;chat (Peer-to-Peer)…</translation>
    </message>
    <message>
        <source>Direct &amp;chat (peer-to-peer): %1 is busy</source>
        <translation>Direkt&amp;chat (Peer-to-Peer): %1 ist beschäftigt</translation>
    </message>
</context>
<context>
    <name>MessageDelegate</name>
    <message>
        <source>Today</source>
        <translation>Heute</translation>
    </message>
    <message>
        <source>New messages</source>
        <translation>Neue Nachrichten</translation>
    </message>
</context>
<context>
    <name>PresenceControl</name>
    <message>
        <source>&amp;Presence</source>
        <translation>&amp;Anwesenheit</translation>
    </message>
    <message>
        <source>Presence</source>
        <translation>Anwesenheit</translation>
    </message>
    <message>
        <source>&amp;Available</source>
        <translation>&amp;Verfügbar</translation>
    </message>
    <message>
        <source>Others see you as available.</source>
        <translation>Andere sehen Sie als verfügbar.</translation>
    </message>
    <message>
        <source>A&amp;way</source>
        <translation>A&amp;bwesend</translation>
    </message>
    <message>
        <source>Others see &quot;(away)&quot; after your name.</source>
        <translation>Andere sehen „(abwesend)“ hinter Ihrem Namen.</translation>
    </message>
    <message>
        <source>&amp;Busy</source>
        <translation>Be&amp;schäftigt</translation>
    </message>
    <message>
        <source>Others see &quot;(busy)&quot;; direct chat offers are declined for you.</source>
        <translation>Andere sehen „(beschäftigt)“; Angebote für direkte Chats werden für Sie abgelehnt.</translation>
    </message>
    <message>
        <source>Your presence: click to change it</source>
        <translation>Ihre Anwesenheit: zum Ändern klicken</translation>
    </message>
    <message>
        <source>Current presence: %1</source>
        <translation>Aktuelle Anwesenheit: %1</translation>
    </message>
</context>
<context>
    <name>QuickSwitcher</name>
    <message>
        <source>Switch to a conversation</source>
        <translation>Zu einer Unterhaltung wechseln</translation>
    </message>
    <message>
        <source>Conversation name</source>
        <translation>Name der Unterhaltung</translation>
    </message>
    <message>
        <source>Type part of a room or user name</source>
        <translation>Teil eines Raum- oder Benutzernamens eingeben</translation>
    </message>
    <message>
        <source>Matching conversations</source>
        <translation>Passende Unterhaltungen</translation>
    </message>
</context>
<context>
    <name>SearchDialog</name>
    <message>
        <source>Search the history</source>
        <translation>Den Verlauf durchsuchen</translation>
    </message>
    <message>
        <source>Search words</source>
        <translation>Suchwörter</translation>
    </message>
    <message>
        <source>Words that must all appear; Enter searches</source>
        <translation>Wörter, die alle vorkommen müssen; Eingabetaste sucht</translation>
    </message>
    <message>
        <source>Search status</source>
        <translation>Suchstatus</translation>
    </message>
    <message>
        <source>Matching messages</source>
        <translation>Passende Nachrichten</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Suche läuft…</translation>
    </message>
    <message>
        <source>The search failed.</source>
        <translation>Die Suche ist fehlgeschlagen.</translation>
    </message>
    <message>
        <source>DM with %1</source>
        <translation>Direktnachricht mit %1</translation>
    </message>
    <message>
        <source>%1 · %2 · %3
%4</source>
        <translation>%1 · %2 · %3
%4</translation>
    </message>
    <message>
        <source>Nothing found.</source>
        <translation>Nichts gefunden.</translation>
    </message>
    <message>
        <source>Matching messages: %1</source>
        <translation>Passende Nachrichten: %1</translation>
    </message>
</context>
<context>
    <name>TrayNotifier</name>
    <message>
        <source>Confab</source>
        <translation>Confab</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Confab desktop chat client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect at once to HOST:PORT (the secret comes from CONFAB_SECRET).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Username for --server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Display name for --server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With --server: no TLS.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With --server: confab-tls (the default), confab (same as --plain), ipk24-tcp or ipk24-udp (any IPK24-CHAT server).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown protocol &apos;%1&apos;: use confab-tls, confab, ipk24-tcp or ipk24-udp.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
