/** @type {import('tailwindcss').Config} */
export default {
  content: ['./inertia/**/*.{vue,ts}', './resources/views/**/*.edge'],
  theme: {
    extend: {
      colors: {
        brand: {
          50: '#eef6ff',
          100: '#d9ebff',
          500: '#2563eb',
          600: '#1d4ed8',
          700: '#1e40af',
          900: '#172554',
        },
      },
    },
  },
  plugins: [],
}
