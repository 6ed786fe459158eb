import type { Metadata, Viewport } from 'next';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Verso', template: '%s · Verso' },
  description: 'Prompt registry and prompt experiments',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

// Every page reads the session and the database: nothing is rendered at build time.
export const dynamic = 'force-dynamic';

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">{children}</body>
    </html>
  );
}
